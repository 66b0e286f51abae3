package engine

type jobRegistry struct{}
