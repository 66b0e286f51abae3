// Derived from aerospike-client-go v8.5.0 types/result_code.go; names are the client's in Go case.

package driver

// Result codes of the Aerospike protocol and client, with the values and
// meanings of aerospike-client-go v8 (types/result_code.go). Positive codes
// come from the server (kvs.h); negative ones are raised by the client.
const (
	// TXNAlreadyAborted (TXN_ALREADY_ABORTED): Multi-record transaction commit called, but the transaction was already aborted.
	TXNAlreadyAborted ResultCode = -24
	// TXNAlreadyCommitted (TXN_ALREADY_COMMITTED): Multi-record transaction abort called, but the transaction was already committed.
	TXNAlreadyCommitted ResultCode = -23
	// TXNFailed (TXN_FAILED): Multi-record transaction failed.
	TXNFailed ResultCode = -22
	// GRPCError (GRPC_ERROR): GRPC error.
	GRPCError ResultCode = -21
	// BatchFailed (BATCH_FAILED): one or more keys failed in a batch.
	BatchFailed ResultCode = -20
	// NoResponse (NO_RESPONSE): no response was received from the server.
	NoResponse ResultCode = -19
	// NetworkError (NETWORK_ERROR): network error. Check the wrapped error for detail.
	NetworkError ResultCode = -18
	// CommonError (COMMON_ERROR): common, none-aerospike error. Check the wrapped error for detail.
	CommonError ResultCode = -17
	// MaxRetriesExceeded (MAX_RETRIES_EXCEEDED): Max retries exceeded.
	MaxRetriesExceeded ResultCode = -16
	// MaxErrorRate (MAX_ERROR_RATE): Max errors limit reached for node.
	MaxErrorRate ResultCode = -15
	// RackNotDefined (RACK_NOT_DEFINED): Requested Rack for node/namespace was not defined in the cluster.
	RackNotDefined ResultCode = -13
	// InvalidClusterPartitionMap (INVALID_CLUSTER_PARTITION_MAP): Cluster has an invalid partition map, usually due to bad configuration.
	InvalidClusterPartitionMap ResultCode = -12
	// ServerNotAvailable (SERVER_NOT_AVAILABLE): Server is not accepting requests.
	ServerNotAvailable ResultCode = -11
	// ClusterNameMismatchError (CLUSTER_NAME_MISMATCH_ERROR): Cluster Name does not match the ClientPolicy.ClusterName value.
	ClusterNameMismatchError ResultCode = -10
	// RecordsetClosed (RECORDSET_CLOSED): Recordset has already been closed or cancelled.
	RecordsetClosed ResultCode = -9
	// NoAvailableConnectionsToNode (NO_AVAILABLE_CONNECTIONS_TO_NODE): No available connections to the node. Connection Pool was empty, and limited to certain number of connections.
	NoAvailableConnectionsToNode ResultCode = -8
	// TypeNotSupported (TYPE_NOT_SUPPORTED): Type cannot be converted to Value Type.
	TypeNotSupported ResultCode = -7
	// CommandRejected (COMMAND_REJECTED): command rejected.
	CommandRejected ResultCode = -6
	// QueryTerminated (QUERY_TERMINATED): Query terminated.
	QueryTerminated ResultCode = -5
	// ScanTerminated (SCAN_TERMINATED): Scan terminated.
	ScanTerminated ResultCode = -4
	// InvalidNodeError (INVALID_NODE_ERROR): Invalid node.
	InvalidNodeError ResultCode = -3
	// ParseError (PARSE_ERROR): Parse error.
	ParseError ResultCode = -2
	// SerializeError (SERIALIZE_ERROR): Serialize error.
	SerializeError ResultCode = -1
	// OK (OK): ok.
	OK ResultCode = 0
	// ServerError (SERVER_ERROR): Server error.
	ServerError ResultCode = 1
	// KeyNotFoundError (KEY_NOT_FOUND_ERROR): Key not found.
	KeyNotFoundError ResultCode = 2
	// GenerationError (GENERATION_ERROR): Generation error.
	GenerationError ResultCode = 3
	// ParameterError (PARAMETER_ERROR): Parameter error.
	ParameterError ResultCode = 4
	// KeyExistsError (KEY_EXISTS_ERROR): Key already exists.
	KeyExistsError ResultCode = 5
	// BinExistsError (BIN_EXISTS_ERROR): Bin already exists.
	BinExistsError ResultCode = 6
	// ClusterKeyMismatch (CLUSTER_KEY_MISMATCH): Cluster key mismatch.
	ClusterKeyMismatch ResultCode = 7
	// ServerMemError (SERVER_MEM_ERROR): Server memory error.
	ServerMemError ResultCode = 8
	// Timeout (TIMEOUT): Timeout.
	Timeout ResultCode = 9
	// AlwaysForbidden (ALWAYS_FORBIDDEN): Operation not allowed in current configuration.
	AlwaysForbidden ResultCode = 10
	// PartitionUnavailable (PARTITION_UNAVAILABLE): Partition not available.
	PartitionUnavailable ResultCode = 11
	// BinTypeError (BIN_TYPE_ERROR): Bin type error.
	BinTypeError ResultCode = 12
	// RecordTooBig (RECORD_TOO_BIG): Record too big.
	RecordTooBig ResultCode = 13
	// KeyBusy (KEY_BUSY): Hot key.
	KeyBusy ResultCode = 14
	// ScanAbort (SCAN_ABORT): Scan aborted.
	ScanAbort ResultCode = 15
	// UnsupportedFeature (UNSUPPORTED_FEATURE): Unsupported Server Feature.
	UnsupportedFeature ResultCode = 16
	// BinNotFound (BIN_NOT_FOUND): Bin not found.
	BinNotFound ResultCode = 17
	// DeviceOverload (DEVICE_OVERLOAD): Device overload.
	DeviceOverload ResultCode = 18
	// KeyMismatch (KEY_MISMATCH): Key mismatch.
	KeyMismatch ResultCode = 19
	// InvalidNamespace (INVALID_NAMESPACE): Namespace not found.
	InvalidNamespace ResultCode = 20
	// BinNameTooLong (BIN_NAME_TOO_LONG): Bin name length greater than 15 characters, or maximum number of unique bin names are exceeded.
	BinNameTooLong ResultCode = 21
	// FailForbidden (FAIL_FORBIDDEN): Operation not allowed at this time.
	FailForbidden ResultCode = 22
	// FailElementNotFound (FAIL_ELEMENT_NOT_FOUND): Element not found.
	FailElementNotFound ResultCode = 23
	// FailElementExists (FAIL_ELEMENT_EXISTS): Element exists.
	FailElementExists ResultCode = 24
	// EnterpriseOnly (ENTERPRISE_ONLY): Enterprise only.
	EnterpriseOnly ResultCode = 25
	// OPNotApplicable (OP_NOT_APPLICABLE): Operation not applicable.
	OPNotApplicable ResultCode = 26
	// FilteredOut (FILTERED_OUT): Transaction filtered out.
	FilteredOut ResultCode = 27
	// LostConflict (LOST_CONFLICT): Write command loses conflict to XDR.
	LostConflict ResultCode = 28
	// XDRKeyBusy (XDR_KEY_BUSY): Write can't complete until XDR finishes shipping.
	XDRKeyBusy ResultCode = 32
	// QueryEnd (QUERY_END): Query end.
	QueryEnd ResultCode = 50
	// SecurityNotSupported (SECURITY_NOT_SUPPORTED): Security not supported.
	SecurityNotSupported ResultCode = 51
	// SecurityNotEnabled (SECURITY_NOT_ENABLED): Security not enabled.
	SecurityNotEnabled ResultCode = 52
	// SecuritySchemeNotSupported (SECURITY_SCHEME_NOT_SUPPORTED): Security scheme not supported.
	SecuritySchemeNotSupported ResultCode = 53
	// InvalidCommand (INVALID_COMMAND): Invalid command.
	InvalidCommand ResultCode = 54
	// InvalidField (INVALID_FIELD): Invalid field.
	InvalidField ResultCode = 55
	// IllegalState (ILLEGAL_STATE): Illegal state.
	IllegalState ResultCode = 56
	// InvalidUser (INVALID_USER): Invalid user.
	InvalidUser ResultCode = 60
	// UserAlreadyExists (USER_ALREADY_EXISTS): User already exists.
	UserAlreadyExists ResultCode = 61
	// InvalidPassword (INVALID_PASSWORD): Invalid password.
	InvalidPassword ResultCode = 62
	// ExpiredPassword (EXPIRED_PASSWORD): Expired password.
	ExpiredPassword ResultCode = 63
	// ForbiddenPassword (FORBIDDEN_PASSWORD): Forbidden password.
	ForbiddenPassword ResultCode = 64
	// InvalidCredential (INVALID_CREDENTIAL): Invalid credential.
	InvalidCredential ResultCode = 65
	// ExpiredSession (EXPIRED_SESSION): Login session expired.
	ExpiredSession ResultCode = 66
	// InvalidRole (INVALID_ROLE): Invalid role.
	InvalidRole ResultCode = 70
	// RoleAlreadyExists (ROLE_ALREADY_EXISTS): Role already exists.
	RoleAlreadyExists ResultCode = 71
	// InvalidPrivilege (INVALID_PRIVILEGE): Invalid privilege.
	InvalidPrivilege ResultCode = 72
	// InvalidWhitelist (INVALID_WHITELIST): Invalid whitelist.
	InvalidWhitelist ResultCode = 73
	// QuotasNotEnabled (QUOTAS_NOT_ENABLED): Quotas not enabled.
	QuotasNotEnabled ResultCode = 74
	// InvalidQuota (INVALID_QUOTA): Invalid quota.
	InvalidQuota ResultCode = 75
	// NotAuthenticated (NOT_AUTHENTICATED): Not authenticated.
	NotAuthenticated ResultCode = 80
	// RoleViolation (ROLE_VIOLATION): Role violation.
	RoleViolation ResultCode = 81
	// NotWhitelisted (NOT_WHITELISTED): Command not whitelisted.
	NotWhitelisted ResultCode = 82
	// QuotaExceeded (QUOTA_EXCEEDED): Quota exceeded.
	QuotaExceeded ResultCode = 83
	// UDFBadResponse (UDF_BAD_RESPONSE): UDF returned error.
	UDFBadResponse ResultCode = 100
	// MRTBlocked (MRT_BLOCKED): Transaction record blocked by a different transaction.
	MRTBlocked ResultCode = 120
	// MRTVersionMismatch (MRT_VERSION_MISMATCH): Transaction read version mismatch identified during commit. Some other command changed the record outside of the transaction.
	MRTVersionMismatch ResultCode = 121
	// MRTExpired (MRT_EXPIRED): Transaction deadline reached without a successful commit or abort.
	MRTExpired ResultCode = 122
	// MRTTooManyWrites (MRT_TOO_MANY_WRITES): Transaction write command limit (4096) exceeded.
	MRTTooManyWrites ResultCode = 123
	// MRTCommitted (MRT_COMMITTED): Transaction was already committed.
	MRTCommitted ResultCode = 124
	// MRTAborted (MRT_ABORTED): Transaction was already aborted.
	MRTAborted ResultCode = 125
	// MRTAlreadyLocked (MRT_ALREADY_LOCKED): This record has been locked by a previous update in this transaction.
	MRTAlreadyLocked ResultCode = 126
	// MRTMonitorExists (MRT_MONITOR_EXISTS): This transaction has already started. Writing to the same transaction with independent goroutines is unsafe.
	MRTMonitorExists ResultCode = 127
	// BatchDisabled (BATCH_DISABLED): Batch functionality has been disabled.
	BatchDisabled ResultCode = 150
	// BatchMaxRequestsExceeded (BATCH_MAX_REQUESTS_EXCEEDED): Batch max requests have been exceeded.
	BatchMaxRequestsExceeded ResultCode = 151
	// BatchQueuesFull (BATCH_QUEUES_FULL): All batch queues are full.
	BatchQueuesFull ResultCode = 152
	// GeoInvalidGeojson (GEO_INVALID_GEOJSON): Invalid GeoJSON on insert/update.
	GeoInvalidGeojson ResultCode = 160
	// IndexFound (INDEX_FOUND): Index already exists.
	IndexFound ResultCode = 200
	// IndexNotFound (INDEX_NOTFOUND): Index not found.
	IndexNotFound ResultCode = 201
	// IndexOOM (INDEX_OOM): Index out of memory.
	IndexOOM ResultCode = 202
	// IndexNotReadable (INDEX_NOTREADABLE): Index not readable.
	IndexNotReadable ResultCode = 203
	// IndexGeneric (INDEX_GENERIC): Index error.
	IndexGeneric ResultCode = 204
	// IndexNameMaxLen (INDEX_NAME_MAXLEN): Index name max length exceeded.
	IndexNameMaxLen ResultCode = 205
	// IndexMaxCount (INDEX_MAXCOUNT): Index count exceeds max.
	IndexMaxCount ResultCode = 206
	// QueryAborted (QUERY_ABORTED): Query aborted.
	QueryAborted ResultCode = 210
	// QueryQueueFull (QUERY_QUEUEFULL): Query queue full.
	QueryQueueFull ResultCode = 211
	// QueryTimeout (QUERY_TIMEOUT): Query timeout.
	QueryTimeout ResultCode = 212
	// QueryGeneric (QUERY_GENERIC): Query error.
	QueryGeneric ResultCode = 213
	// QueryNetIOError (QUERY_NETIO_ERR): Query NetIO error on server.
	QueryNetIOError ResultCode = 214
	// QueryDuplicate (QUERY_DUPLICATE): Duplicate TaskId sent for the statement.
	QueryDuplicate ResultCode = 215
	// UDFNotFound (AEROSPIKE_ERR_UDF_NOT_FOUND): UDF does not exist.
	UDFNotFound ResultCode = 1301
	// LuaFileNotFound (AEROSPIKE_ERR_LUA_FILE_NOT_FOUND): LUA package/file does not exist.
	LuaFileNotFound ResultCode = 1302
)

var resultCodeNames = map[ResultCode]string{
	TXNAlreadyAborted:            "TXN_ALREADY_ABORTED",
	TXNAlreadyCommitted:          "TXN_ALREADY_COMMITTED",
	TXNFailed:                    "TXN_FAILED",
	GRPCError:                    "GRPC_ERROR",
	BatchFailed:                  "BATCH_FAILED",
	NoResponse:                   "NO_RESPONSE",
	NetworkError:                 "NETWORK_ERROR",
	CommonError:                  "COMMON_ERROR",
	MaxRetriesExceeded:           "MAX_RETRIES_EXCEEDED",
	MaxErrorRate:                 "MAX_ERROR_RATE",
	RackNotDefined:               "RACK_NOT_DEFINED",
	InvalidClusterPartitionMap:   "INVALID_CLUSTER_PARTITION_MAP",
	ServerNotAvailable:           "SERVER_NOT_AVAILABLE",
	ClusterNameMismatchError:     "CLUSTER_NAME_MISMATCH_ERROR",
	RecordsetClosed:              "RECORDSET_CLOSED",
	NoAvailableConnectionsToNode: "NO_AVAILABLE_CONNECTIONS_TO_NODE",
	TypeNotSupported:             "TYPE_NOT_SUPPORTED",
	CommandRejected:              "COMMAND_REJECTED",
	QueryTerminated:              "QUERY_TERMINATED",
	ScanTerminated:               "SCAN_TERMINATED",
	InvalidNodeError:             "INVALID_NODE_ERROR",
	ParseError:                   "PARSE_ERROR",
	SerializeError:               "SERIALIZE_ERROR",
	OK:                           "OK",
	ServerError:                  "SERVER_ERROR",
	KeyNotFoundError:             "KEY_NOT_FOUND_ERROR",
	GenerationError:              "GENERATION_ERROR",
	ParameterError:               "PARAMETER_ERROR",
	KeyExistsError:               "KEY_EXISTS_ERROR",
	BinExistsError:               "BIN_EXISTS_ERROR",
	ClusterKeyMismatch:           "CLUSTER_KEY_MISMATCH",
	ServerMemError:               "SERVER_MEM_ERROR",
	Timeout:                      "TIMEOUT",
	AlwaysForbidden:              "ALWAYS_FORBIDDEN",
	PartitionUnavailable:         "PARTITION_UNAVAILABLE",
	BinTypeError:                 "BIN_TYPE_ERROR",
	RecordTooBig:                 "RECORD_TOO_BIG",
	KeyBusy:                      "KEY_BUSY",
	ScanAbort:                    "SCAN_ABORT",
	UnsupportedFeature:           "UNSUPPORTED_FEATURE",
	BinNotFound:                  "BIN_NOT_FOUND",
	DeviceOverload:               "DEVICE_OVERLOAD",
	KeyMismatch:                  "KEY_MISMATCH",
	InvalidNamespace:             "INVALID_NAMESPACE",
	BinNameTooLong:               "BIN_NAME_TOO_LONG",
	FailForbidden:                "FAIL_FORBIDDEN",
	FailElementNotFound:          "FAIL_ELEMENT_NOT_FOUND",
	FailElementExists:            "FAIL_ELEMENT_EXISTS",
	EnterpriseOnly:               "ENTERPRISE_ONLY",
	OPNotApplicable:              "OP_NOT_APPLICABLE",
	FilteredOut:                  "FILTERED_OUT",
	LostConflict:                 "LOST_CONFLICT",
	XDRKeyBusy:                   "XDR_KEY_BUSY",
	QueryEnd:                     "QUERY_END",
	SecurityNotSupported:         "SECURITY_NOT_SUPPORTED",
	SecurityNotEnabled:           "SECURITY_NOT_ENABLED",
	SecuritySchemeNotSupported:   "SECURITY_SCHEME_NOT_SUPPORTED",
	InvalidCommand:               "INVALID_COMMAND",
	InvalidField:                 "INVALID_FIELD",
	IllegalState:                 "ILLEGAL_STATE",
	InvalidUser:                  "INVALID_USER",
	UserAlreadyExists:            "USER_ALREADY_EXISTS",
	InvalidPassword:              "INVALID_PASSWORD",
	ExpiredPassword:              "EXPIRED_PASSWORD",
	ForbiddenPassword:            "FORBIDDEN_PASSWORD",
	InvalidCredential:            "INVALID_CREDENTIAL",
	ExpiredSession:               "EXPIRED_SESSION",
	InvalidRole:                  "INVALID_ROLE",
	RoleAlreadyExists:            "ROLE_ALREADY_EXISTS",
	InvalidPrivilege:             "INVALID_PRIVILEGE",
	InvalidWhitelist:             "INVALID_WHITELIST",
	QuotasNotEnabled:             "QUOTAS_NOT_ENABLED",
	InvalidQuota:                 "INVALID_QUOTA",
	NotAuthenticated:             "NOT_AUTHENTICATED",
	RoleViolation:                "ROLE_VIOLATION",
	NotWhitelisted:               "NOT_WHITELISTED",
	QuotaExceeded:                "QUOTA_EXCEEDED",
	UDFBadResponse:               "UDF_BAD_RESPONSE",
	MRTBlocked:                   "MRT_BLOCKED",
	MRTVersionMismatch:           "MRT_VERSION_MISMATCH",
	MRTExpired:                   "MRT_EXPIRED",
	MRTTooManyWrites:             "MRT_TOO_MANY_WRITES",
	MRTCommitted:                 "MRT_COMMITTED",
	MRTAborted:                   "MRT_ABORTED",
	MRTAlreadyLocked:             "MRT_ALREADY_LOCKED",
	MRTMonitorExists:             "MRT_MONITOR_EXISTS",
	BatchDisabled:                "BATCH_DISABLED",
	BatchMaxRequestsExceeded:     "BATCH_MAX_REQUESTS_EXCEEDED",
	BatchQueuesFull:              "BATCH_QUEUES_FULL",
	GeoInvalidGeojson:            "GEO_INVALID_GEOJSON",
	IndexFound:                   "INDEX_FOUND",
	IndexNotFound:                "INDEX_NOTFOUND",
	IndexOOM:                     "INDEX_OOM",
	IndexNotReadable:             "INDEX_NOTREADABLE",
	IndexGeneric:                 "INDEX_GENERIC",
	IndexNameMaxLen:              "INDEX_NAME_MAXLEN",
	IndexMaxCount:                "INDEX_MAXCOUNT",
	QueryAborted:                 "QUERY_ABORTED",
	QueryQueueFull:               "QUERY_QUEUEFULL",
	QueryTimeout:                 "QUERY_TIMEOUT",
	QueryGeneric:                 "QUERY_GENERIC",
	QueryNetIOError:              "QUERY_NETIO_ERR",
	QueryDuplicate:               "QUERY_DUPLICATE",
	UDFNotFound:                  "AEROSPIKE_ERR_UDF_NOT_FOUND",
	LuaFileNotFound:              "AEROSPIKE_ERR_LUA_FILE_NOT_FOUND",
}

var resultCodeMessages = map[ResultCode]string{
	TXNAlreadyAborted:            "Multi-record transaction commit called, but the transaction was already aborted",
	TXNAlreadyCommitted:          "Multi-record transaction abort called, but the transaction was already committed",
	TXNFailed:                    "Multi-record transaction failed",
	GRPCError:                    "GRPC error",
	BatchFailed:                  "one or more keys failed in a batch",
	NoResponse:                   "no response was received from the server",
	NetworkError:                 "network error. Check the wrapped error for detail",
	CommonError:                  "common, none-aerospike error. Check the wrapped error for detail",
	MaxRetriesExceeded:           "Max retries exceeded",
	MaxErrorRate:                 "Max errors limit reached for node",
	RackNotDefined:               "Requested Rack for node/namespace was not defined in the cluster",
	InvalidClusterPartitionMap:   "Cluster has an invalid partition map, usually due to bad configuration",
	ServerNotAvailable:           "Server is not accepting requests",
	ClusterNameMismatchError:     "Cluster Name does not match the ClientPolicy.ClusterName value",
	RecordsetClosed:              "Recordset has already been closed or cancelled",
	NoAvailableConnectionsToNode: "No available connections to the node. Connection Pool was empty, and limited to certain number of connections",
	TypeNotSupported:             "Type cannot be converted to Value Type",
	CommandRejected:              "command rejected",
	QueryTerminated:              "Query terminated",
	ScanTerminated:               "Scan terminated",
	InvalidNodeError:             "Invalid node",
	ParseError:                   "Parse error",
	SerializeError:               "Serialize error",
	OK:                           "ok",
	ServerError:                  "Server error",
	KeyNotFoundError:             "Key not found",
	GenerationError:              "Generation error",
	ParameterError:               "Parameter error",
	KeyExistsError:               "Key already exists",
	BinExistsError:               "Bin already exists",
	ClusterKeyMismatch:           "Cluster key mismatch",
	ServerMemError:               "Server memory error",
	Timeout:                      "Timeout",
	AlwaysForbidden:              "Operation not allowed in current configuration",
	PartitionUnavailable:         "Partition not available",
	BinTypeError:                 "Bin type error",
	RecordTooBig:                 "Record too big",
	KeyBusy:                      "Hot key",
	ScanAbort:                    "Scan aborted",
	UnsupportedFeature:           "Unsupported Server Feature",
	BinNotFound:                  "Bin not found",
	DeviceOverload:               "Device overload",
	KeyMismatch:                  "Key mismatch",
	InvalidNamespace:             "Namespace not found",
	BinNameTooLong:               "Bin name length greater than 15 characters, or maximum number of unique bin names are exceeded",
	FailForbidden:                "Operation not allowed at this time",
	FailElementNotFound:          "Element not found",
	FailElementExists:            "Element exists",
	EnterpriseOnly:               "Enterprise only",
	OPNotApplicable:              "Operation not applicable",
	FilteredOut:                  "Transaction filtered out",
	LostConflict:                 "Write command loses conflict to XDR",
	XDRKeyBusy:                   "Write can't complete until XDR finishes shipping",
	QueryEnd:                     "Query end",
	SecurityNotSupported:         "Security not supported",
	SecurityNotEnabled:           "Security not enabled",
	SecuritySchemeNotSupported:   "Security scheme not supported",
	InvalidCommand:               "Invalid command",
	InvalidField:                 "Invalid field",
	IllegalState:                 "Illegal state",
	InvalidUser:                  "Invalid user",
	UserAlreadyExists:            "User already exists",
	InvalidPassword:              "Invalid password",
	ExpiredPassword:              "Expired password",
	ForbiddenPassword:            "Forbidden password",
	InvalidCredential:            "Invalid credential",
	ExpiredSession:               "Login session expired",
	InvalidRole:                  "Invalid role",
	RoleAlreadyExists:            "Role already exists",
	InvalidPrivilege:             "Invalid privilege",
	InvalidWhitelist:             "Invalid whitelist",
	QuotasNotEnabled:             "Quotas not enabled",
	InvalidQuota:                 "Invalid quota",
	NotAuthenticated:             "Not authenticated",
	RoleViolation:                "Role violation",
	NotWhitelisted:               "Command not whitelisted",
	QuotaExceeded:                "Quota exceeded",
	UDFBadResponse:               "UDF returned error",
	MRTBlocked:                   "Transaction record blocked by a different transaction",
	MRTVersionMismatch:           "Transaction read version mismatch identified during commit. Some other command changed the record outside of the transaction",
	MRTExpired:                   "Transaction deadline reached without a successful commit or abort",
	MRTTooManyWrites:             "Transaction write command limit (4096) exceeded",
	MRTCommitted:                 "Transaction was already committed",
	MRTAborted:                   "Transaction was already aborted",
	MRTAlreadyLocked:             "This record has been locked by a previous update in this transaction",
	MRTMonitorExists:             "This transaction has already started. Writing to the same transaction with independent goroutines is unsafe",
	BatchDisabled:                "Batch functionality has been disabled",
	BatchMaxRequestsExceeded:     "Batch max requests have been exceeded",
	BatchQueuesFull:              "All batch queues are full",
	GeoInvalidGeojson:            "Invalid GeoJSON on insert/update",
	IndexFound:                   "Index already exists",
	IndexNotFound:                "Index not found",
	IndexOOM:                     "Index out of memory",
	IndexNotReadable:             "Index not readable",
	IndexGeneric:                 "Index error",
	IndexNameMaxLen:              "Index name max length exceeded",
	IndexMaxCount:                "Index count exceeds max",
	QueryAborted:                 "Query aborted",
	QueryQueueFull:               "Query queue full",
	QueryTimeout:                 "Query timeout",
	QueryGeneric:                 "Query error",
	QueryNetIOError:              "Query NetIO error on server",
	QueryDuplicate:               "Duplicate TaskId sent for the statement",
	UDFNotFound:                  "UDF does not exist",
	LuaFileNotFound:              "LUA package/file does not exist",
}

// AllResultCodes lists every result code this package defines, in
// ascending order.
func AllResultCodes() []ResultCode {
	return []ResultCode{
		TXNAlreadyAborted,
		TXNAlreadyCommitted,
		TXNFailed,
		GRPCError,
		BatchFailed,
		NoResponse,
		NetworkError,
		CommonError,
		MaxRetriesExceeded,
		MaxErrorRate,
		RackNotDefined,
		InvalidClusterPartitionMap,
		ServerNotAvailable,
		ClusterNameMismatchError,
		RecordsetClosed,
		NoAvailableConnectionsToNode,
		TypeNotSupported,
		CommandRejected,
		QueryTerminated,
		ScanTerminated,
		InvalidNodeError,
		ParseError,
		SerializeError,
		OK,
		ServerError,
		KeyNotFoundError,
		GenerationError,
		ParameterError,
		KeyExistsError,
		BinExistsError,
		ClusterKeyMismatch,
		ServerMemError,
		Timeout,
		AlwaysForbidden,
		PartitionUnavailable,
		BinTypeError,
		RecordTooBig,
		KeyBusy,
		ScanAbort,
		UnsupportedFeature,
		BinNotFound,
		DeviceOverload,
		KeyMismatch,
		InvalidNamespace,
		BinNameTooLong,
		FailForbidden,
		FailElementNotFound,
		FailElementExists,
		EnterpriseOnly,
		OPNotApplicable,
		FilteredOut,
		LostConflict,
		XDRKeyBusy,
		QueryEnd,
		SecurityNotSupported,
		SecurityNotEnabled,
		SecuritySchemeNotSupported,
		InvalidCommand,
		InvalidField,
		IllegalState,
		InvalidUser,
		UserAlreadyExists,
		InvalidPassword,
		ExpiredPassword,
		ForbiddenPassword,
		InvalidCredential,
		ExpiredSession,
		InvalidRole,
		RoleAlreadyExists,
		InvalidPrivilege,
		InvalidWhitelist,
		QuotasNotEnabled,
		InvalidQuota,
		NotAuthenticated,
		RoleViolation,
		NotWhitelisted,
		QuotaExceeded,
		UDFBadResponse,
		MRTBlocked,
		MRTVersionMismatch,
		MRTExpired,
		MRTTooManyWrites,
		MRTCommitted,
		MRTAborted,
		MRTAlreadyLocked,
		MRTMonitorExists,
		BatchDisabled,
		BatchMaxRequestsExceeded,
		BatchQueuesFull,
		GeoInvalidGeojson,
		IndexFound,
		IndexNotFound,
		IndexOOM,
		IndexNotReadable,
		IndexGeneric,
		IndexNameMaxLen,
		IndexMaxCount,
		QueryAborted,
		QueryQueueFull,
		QueryTimeout,
		QueryGeneric,
		QueryNetIOError,
		QueryDuplicate,
		UDFNotFound,
		LuaFileNotFound,
	}
}
