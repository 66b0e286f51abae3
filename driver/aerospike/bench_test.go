package aerospike_test

import (
	"context"
	"testing"

	as "github.com/aerospike/aerospike-client-go/v8"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/driver"
	"github.com/aerokit/aero/driver/aerospike"
)

// benchUser is the 12-field struct of the benchmarks. The as tags are the
// client's (marshal.go) for PutObject/GetObject.
type benchUser struct {
	ID        int64   `as:"id"`
	Name      string  `as:"name"`
	Email     string  `as:"email"`
	Age       int64   `as:"age"`
	Score     float64 `as:"score"`
	Active    bool    `as:"active"`
	Country   string  `as:"country"`
	City      string  `as:"city"`
	Visits    int64   `as:"visits"`
	Balance   float64 `as:"balance"`
	CreatedAt int64   `as:"created"`
	Avatar    []byte  `as:"avatar"`
}

func newBenchUser(id int64) *benchUser {
	return &benchUser{
		ID: id, Name: "Ada Lovelace", Email: "ada@example.com", Age: 36, Score: 98.5, Active: true,
		Country: "UK", City: "London", Visits: 1234, Balance: 1e6, CreatedAt: 1700000000, Avatar: make([]byte, 64),
	}
}

// toBins is the hand-written struct -> bins mapping (what a mapper produces).
func (u *benchUser) toBins() map[string]any {
	return map[string]any{
		"id": u.ID, "name": u.Name, "email": u.Email, "age": u.Age, "score": u.Score, "active": u.Active,
		"country": u.Country, "city": u.City, "visits": u.Visits, "balance": u.Balance, "created": u.CreatedAt, "avatar": u.Avatar,
	}
}

func (u *benchUser) fromBins(b map[string]any) {
	u.ID, _ = b["id"].(int64)
	u.Name, _ = b["name"].(string)
	u.Email, _ = b["email"].(string)
	u.Age, _ = b["age"].(int64)
	u.Score, _ = b["score"].(float64)
	u.Active, _ = b["active"].(bool)
	u.Country, _ = b["country"].(string)
	u.City, _ = b["city"].(string)
	u.Visits, _ = b["visits"].(int64)
	u.Balance, _ = b["balance"].(float64)
	u.CreatedAt, _ = b["created"].(int64)
	u.Avatar, _ = b["avatar"].([]byte)
}

// fromRawBins reads the raw client's bins (integers arrive as int).
func (u *benchUser) fromRawBins(b as.BinMap) {
	asInt := func(v any) int64 {
		switch x := v.(type) {
		case int:
			return int64(x)
		case int64:
			return x
		}
		return 0
	}
	u.ID = asInt(b["id"])
	u.Name, _ = b["name"].(string)
	u.Email, _ = b["email"].(string)
	u.Age = asInt(b["age"])
	u.Score, _ = b["score"].(float64)
	u.Active, _ = b["active"].(bool)
	u.Country, _ = b["country"].(string)
	u.City, _ = b["city"].(string)
	u.Visits = asInt(b["visits"])
	u.Balance, _ = b["balance"].(float64)
	u.CreatedAt = asInt(b["created"])
	u.Avatar, _ = b["avatar"].([]byte)
}

// aeroUser is benchUser mapped with aero's tags: the same 12 bins, the ID
// also being the record's user key.
type aeroUser struct {
	ID        int64   `aero:"id,key,bin"`
	Name      string  `aero:"name"`
	Email     string  `aero:"email"`
	Age       int64   `aero:"age"`
	Score     float64 `aero:"score"`
	Active    bool    `aero:"active"`
	Country   string  `aero:"country"`
	City      string  `aero:"city"`
	Visits    int64   `aero:"visits"`
	Balance   float64 `aero:"balance"`
	CreatedAt int64   `aero:"created"`
	Avatar    []byte  `aero:"avatar"`
}

const benchSet = "bench"

type benchEnv struct {
	repo   *aero.Repo[aeroUser, int64]
	ukeys  []int64
	conn   driver.Conn
	client *as.Client
	ns     string
	keys   []*driver.Key
	akeys  []*as.Key
}

func newBenchEnv(b *testing.B) *benchEnv {
	b.Helper()
	dsn, _, _ := testTarget(b)
	conn := openDSN(b, dsn)
	client, _ := aerospike.Client(conn)
	e := &benchEnv{conn: conn, client: client, ns: conn.Namespace()}
	repo, err := aero.NewRepo[aeroUser, int64](aero.NewSession(conn), benchSet)
	if err != nil {
		b.Fatal(err)
	}
	e.repo = repo
	for i := range 100 {
		k, err := driver.NewKey(e.ns, benchSet, int64(i))
		if err != nil {
			b.Fatal(err)
		}
		ak, err := as.NewKey(e.ns, benchSet, int64(i))
		if err != nil {
			b.Fatal(err)
		}
		e.keys = append(e.keys, k)
		e.ukeys = append(e.ukeys, int64(i))
		e.akeys = append(e.akeys, ak)
		if err := conn.Put(context.Background(), nil, k, newBenchUser(int64(i)).toBins()); err != nil {
			b.Fatal(err)
		}
	}
	return e
}

// BenchmarkPut compares one 12-bin write through the driver, the raw client
// with a hand-built bin map, and the client's reflection (PutObject).
func BenchmarkPut(b *testing.B) {
	e := newBenchEnv(b)
	ctx := context.Background()
	u := newBenchUser(1)
	au := aeroUser(*u)
	b.Run("aero", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := e.repo.Put(ctx, &au); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("driver", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := e.conn.Put(ctx, nil, e.keys[1], u.toBins()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("client-binmap", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := e.client.Put(nil, e.akeys[1], as.BinMap(u.toBins())); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("client-binmap-newkey", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			k, err := as.NewKey(e.ns, benchSet, u.ID)
			if err != nil {
				b.Fatal(err)
			}
			if err := e.client.Put(nil, k, as.BinMap(u.toBins())); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("client-object", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := e.client.PutObject(nil, e.akeys[1], u); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkGet compares one 12-bin read decoded into the struct.
func BenchmarkGet(b *testing.B) {
	e := newBenchEnv(b)
	ctx := context.Background()
	b.Run("aero", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := e.repo.Get(ctx, int64(1)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("driver", func(b *testing.B) {
		b.ReportAllocs()
		var u benchUser
		for b.Loop() {
			rec, err := e.conn.Get(ctx, nil, e.keys[1], nil)
			if err != nil {
				b.Fatal(err)
			}
			u.fromBins(rec.Bins)
		}
	})
	b.Run("client-binmap", func(b *testing.B) {
		b.ReportAllocs()
		var u benchUser
		for b.Loop() {
			rec, err := e.client.Get(nil, e.akeys[1])
			if err != nil {
				b.Fatal(err)
			}
			u.fromRawBins(rec.Bins)
		}
	})
	// As an application calls it: the key is made from the user key on
	// each call (aero does that too), not built once outside the loop.
	b.Run("client-binmap-newkey", func(b *testing.B) {
		b.ReportAllocs()
		var u benchUser
		for b.Loop() {
			k, err := as.NewKey(e.ns, benchSet, int64(1))
			if err != nil {
				b.Fatal(err)
			}
			rec, err := e.client.Get(nil, k)
			if err != nil {
				b.Fatal(err)
			}
			u.fromRawBins(rec.Bins)
		}
	})
	b.Run("client-object", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var u benchUser
			if err := e.client.GetObject(nil, e.akeys[1], &u); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkBatchGet100 compares a 100-key batch read decoded into structs.
func BenchmarkBatchGet100(b *testing.B) {
	e := newBenchEnv(b)
	ctx := context.Background()
	b.Run("aero", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			users, err := e.repo.BatchGet(ctx, e.ukeys)
			if err != nil || users[99].Value == nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("driver", func(b *testing.B) {
		b.ReportAllocs()
		users := make([]benchUser, len(e.keys))
		for b.Loop() {
			recs := make([]*driver.BatchRecord, len(e.keys))
			for i, k := range e.keys {
				recs[i] = &driver.BatchRecord{Type: driver.BatchRead, Key: k}
			}
			if err := e.conn.Batch(ctx, nil, recs); err != nil {
				b.Fatal(err)
			}
			for i, r := range recs {
				if r.Err != nil {
					b.Fatal(r.Err)
				}
				users[i].fromBins(r.Record.Bins)
			}
		}
	})
	b.Run("client-binmap", func(b *testing.B) {
		b.ReportAllocs()
		users := make([]benchUser, len(e.akeys))
		for b.Loop() {
			recs, err := e.client.BatchGet(nil, e.akeys)
			if err != nil {
				b.Fatal(err)
			}
			for i, r := range recs {
				users[i].fromRawBins(r.Bins)
			}
		}
	})
	b.Run("client-binmap-newkey", func(b *testing.B) {
		b.ReportAllocs()
		users := make([]benchUser, len(e.akeys))
		keys := make([]*as.Key, len(e.akeys))
		for b.Loop() {
			for i := range keys {
				k, err := as.NewKey(e.ns, benchSet, int64(i))
				if err != nil {
					b.Fatal(err)
				}
				keys[i] = k
			}
			recs, err := e.client.BatchGet(nil, keys)
			if err != nil {
				b.Fatal(err)
			}
			for i, r := range recs {
				users[i].fromRawBins(r.Bins)
			}
		}
	})
	b.Run("client-object", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			objs := make([]any, len(e.akeys))
			for i := range objs {
				objs[i] = &benchUser{}
			}
			if _, err := e.client.BatchGetObjects(nil, e.akeys, objs); err != nil {
				b.Fatal(err)
			}
		}
	})
}
