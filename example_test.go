package aero_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"slices"
	"time"

	"github.com/aerokit/aero"
	"github.com/aerokit/aero/exp"
)

// Book is stored in the set "books": the ISBN is the record's key, Gen its
// generation (for check-and-set) and TTL its time to live.
type Book struct {
	ISBN   string        `aero:"isbn,key"`
	Title  string        `aero:"title"`
	Year   int           `aero:"year"`
	Copies int           `aero:"copies"`
	Gen    uint32        `aero:",gen"`
	TTL    time.Duration `aero:",ttl"`
}

func openMemory() *aero.Session {
	s, err := aero.Open(context.Background(), "memory://test")
	if err != nil {
		log.Fatal(err)
	}
	return s
}

func ExampleOpen() {
	ctx := context.Background()
	// "aerospike://127.0.0.1:3000/test" opens a cluster; "memory://test" an
	// in-memory backend with the server's semantics.
	s, err := aero.Open(ctx, "memory://test")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	key := aero.Key{Set: "greetings", Value: 1}
	if err := s.Put(ctx, key, aero.Bins{"text": "hello", "lang": "en"}); err != nil {
		log.Fatal(err)
	}
	rec, err := s.Get(ctx, key)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rec.Bins["text"], rec.Bins["lang"], rec.Generation)
	// Output: hello en 1
}

func ExampleNewRepo() {
	ctx := context.Background()
	s := openMemory()
	defer s.Close()

	books, err := aero.NewRepo[Book, string](s, "books")
	if err != nil {
		log.Fatal(err)
	}
	b := &Book{ISBN: "978-0262510875", Title: "SICP", Year: 1985, Copies: 3, TTL: 24 * time.Hour}
	if err := books.Insert(ctx, b); err != nil {
		log.Fatal(err)
	}
	fmt.Println("generation after insert:", b.Gen)

	got, err := books.Get(ctx, "978-0262510875")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.Title, got.Year, got.TTL > 23*time.Hour)

	if err := books.Insert(ctx, b); errors.Is(err, aero.ErrExists) {
		fmt.Println("second insert:", errors.Is(err, aero.ErrRecord))
	}
	// Output:
	// generation after insert: 1
	// SICP 1985 true
	// second insert: true
}

func ExampleRepo_Modify() {
	ctx := context.Background()
	s := openMemory()
	defer s.Close()
	books, _ := aero.NewRepo[Book, string](s, "books")
	_ = books.Put(ctx, &Book{ISBN: "1", Title: "TAOCP", Copies: 1})

	// Read, change and write back only if nobody else wrote in between;
	// on a generation conflict Modify reads again and retries.
	b, err := books.Modify(ctx, "1", func(b *Book) error {
		b.Copies++
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(b.Copies, b.Gen)
	// Output: 2 2
}

func ExampleSession_Operate() {
	ctx := context.Background()
	s := openMemory()
	defer s.Close()

	// Several operations on one record, atomically, in one round trip.
	key := aero.Key{Set: "counters", Value: "page:/home"}
	res, err := s.Operate(ctx, key, []aero.Op{
		aero.AddOp("views", 1),    // op 0: no result
		aero.AppendOp("log", "v"), // op 1: no result
		aero.GetOp("views"),       // op 2
		aero.GetOp("log"),         // op 3
	})
	if err != nil {
		log.Fatal(err)
	}
	views, err := res.Int(2)
	if err != nil {
		log.Fatal(err)
	}
	entries, err := res.String(3)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(views, entries, res.Generation)

	// Asking for a result of the wrong type is an error naming the op.
	_, err = res.Int(3)
	fmt.Println(err)
	// Output:
	// 1 v 1
	// aero: OPERATE test.counters key="page:/home": record does not decode: op 3 (READ on bin "log"): got string, want int64
}

func ExampleQuery_Page() {
	ctx := context.Background()
	s := openMemory()
	defer s.Close()
	books, _ := aero.NewRepo[Book, string](s, "books")
	for i, year := range []int{1968, 1985, 1990, 2003} {
		_ = books.Put(ctx, &Book{ISBN: fmt.Sprint(i), Title: fmt.Sprint("book ", year), Year: year})
	}
	// An index query needs a secondary index on the field's bin.
	err := s.CreateIndex(ctx, aero.Index{Set: "books", Name: "books_year", Bin: "year", Type: aero.NumericIndex})
	if err != nil {
		log.Fatal(err)
	}
	// A Repo speaks Go field names: in conditions, WithIndex and WithBins.
	q, err := books.Where(aero.Field[Book]("Year").Between(1980, 1999), aero.WithIndex("Year"))
	if err != nil {
		log.Fatal(err)
	}
	page, err := q.Page(ctx, 10, "", aero.WithBins("Title", "Year"))
	if err != nil {
		log.Fatal(err)
	}
	var titles []string
	for _, b := range page.Items {
		titles = append(titles, b.Title)
	}
	slices.Sort(titles) // records come partition by partition, in no set order
	fmt.Println(titles, page.Next == "")
	// Output: [book 1985 book 1990] true
}

func ExampleRepo_ScanPage() {
	ctx := context.Background()
	s := openMemory()
	defer s.Close()
	books, _ := aero.NewRepo[Book, string](s, "books")
	for i := range 25 {
		_ = books.Put(ctx, &Book{ISBN: fmt.Sprint(i), Title: "t"})
	}
	// Pages of at most 10; the cursor resumes where a page stopped and is
	// empty after the last one.
	total := 0
	var cursor aero.Cursor
	for {
		page, err := books.ScanPage(ctx, 10, cursor)
		if err != nil {
			log.Fatal(err)
		}
		// Records that do not decode into Book are in page.Failed.
		total += len(page.Items) + len(page.Failed)
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	fmt.Println(total)
	// Output: 25
}

func ExampleError() {
	ctx := context.Background()
	s := openMemory()
	defer s.Close()

	_, err := s.Get(ctx, aero.Key{Set: "books", Value: "missing"})
	var ae *aero.Error
	if errors.As(err, &ae) {
		fmt.Println(ae.Op, ae.Code, int(ae.Code), errors.Is(err, aero.ErrNotFound), errors.Is(err, aero.ErrRecord))
	}
	// Output: GET KEY_NOT_FOUND_ERROR 2 true true
}

func ExampleRepo_ModifyOrCreate() {
	ctx := context.Background()
	s := openMemory()
	defer s.Close()
	books, _ := aero.NewRepo[Book, string](s, "books")

	// The first call creates the record (create-only, in case another
	// writer races it); later calls modify it, generation-checked.
	for range 3 {
		b, err := books.ModifyOrCreate(ctx, "42", func(b *Book) error {
			b.Copies++
			return nil
		}, aero.WithConflictRetries(20), aero.WithBackoff(time.Millisecond, 100*time.Millisecond))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(b.ISBN, b.Copies, b.Gen)
	}
	// Output:
	// 42 1 1
	// 42 2 2
	// 42 3 3
}

func ExampleRepo_BatchGet() {
	ctx := context.Background()
	s := openMemory()
	defer s.Close()
	books, _ := aero.NewRepo[Book, string](s, "books")
	_ = books.Put(ctx, &Book{ISBN: "1", Title: "SICP"})

	// The error is the call's; each item carries its record's outcome.
	items, err := books.BatchGet(ctx, []string{"1", "2"})
	if err != nil {
		log.Fatal(err)
	}
	for _, it := range items {
		switch {
		case it.Err != nil:
			fmt.Println("failed:", it.Err)
		case it.Found:
			fmt.Println("found:", it.Value.Title)
		default:
			fmt.Println("not found")
		}
	}
	// Output:
	// found: SICP
	// not found
}

func ExampleDecode() {
	ctx := context.Background()
	s := openMemory()
	defer s.Close()
	key := aero.Key{Set: "books", Value: "7"}
	_ = s.Put(ctx, key, aero.Bins{"title": "TAOCP", "year": 1968})

	// An untyped record decodes into a struct as a Repo would decode it.
	rec, err := s.Get(ctx, key)
	if err != nil {
		log.Fatal(err)
	}
	b, err := aero.Decode[Book](rec)
	if err != nil {
		log.Fatal(err)
	}
	year, _ := aero.BinName[Book]("Year")
	fmt.Println(b.ISBN, b.Title, b.Year, b.Gen, year)
	// Output: 7 TAOCP 1968 1 year
}

func ExampleCollect() {
	ctx := context.Background()
	s := openMemory()
	defer s.Close()
	books, _ := aero.NewRepo[Book, string](s, "books")
	for _, isbn := range []string{"a", "b", "c"} {
		_ = books.Put(ctx, &Book{ISBN: isbn, Title: "t"})
	}
	all, err := aero.Collect(books.Scan(ctx))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(all))
	// Output: 3
}

func ExampleFilter_OnExpression() {
	ctx := context.Background()
	s := openMemory()
	defer s.Close()
	books, _ := aero.NewRepo[Book, string](s, "books")
	for i, year := range []int{1968, 1985, 1990, 2003} {
		_ = books.Put(ctx, &Book{ISBN: fmt.Sprint(i), Title: fmt.Sprint("book ", year), Year: year})
	}
	// An expression index (server 8.1) holds, per record, the value of an
	// expression: here the decade of the year.
	decade := exp.NumMul(exp.NumDiv(exp.IntBin("year"), exp.IntVal(10)), exp.IntVal(10))
	err := s.CreateIndex(ctx, aero.Index{Set: "books", Name: "books_decade", Exp: decade, Type: aero.NumericIndex})
	if err != nil {
		log.Fatal(err)
	}
	// The filter is on an expression, not a field: the Session queries it,
	// and Decode maps the records into Book.
	var years []int
	for rec, err := range s.Query(ctx, "books", aero.Equal("", 1980).OnExpression(decade)) {
		if err != nil {
			log.Fatal(err)
		}
		b, err := aero.Decode[Book](rec)
		if err != nil {
			log.Fatal(err)
		}
		years = append(years, b.Year)
	}
	fmt.Println(years)
	// Output: [1985]
}
