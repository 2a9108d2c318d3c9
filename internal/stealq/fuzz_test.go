package stealq

import "testing"

// FuzzQueueModel runs single-threaded op sequences against a slice model:
// byte%4 == 0,1 push; 2 pop; 3 steal into a fresh queue (then drained into
// the model's order check).
func FuzzQueueModel(f *testing.F) {
	f.Add([]byte{0, 0, 0, 2, 3, 0, 1, 2})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 2, 2})
	f.Add(make([]byte, 600))
	f.Fuzz(func(t *testing.T, ops []byte) {
		var q Queue[int]
		var model []int
		spill := make([]*int, 0, Capacity/2+1)
		next := 0
		for _, op := range ops {
			switch op % 4 {
			case 0, 1:
				v := next
				next++
				out := q.Push(&v, spill)
				if out == nil {
					model = append(model, v)
					break
				}
				// Overflow: the oldest half plus v leave the ring.
				if len(out) != Capacity/2+1 {
					t.Fatalf("spill of %d, want %d", len(out), Capacity/2+1)
				}
				for i := 0; i < Capacity/2; i++ {
					if *out[i] != model[i] {
						t.Fatalf("spill[%d] = %d, want %d", i, *out[i], model[i])
					}
				}
				if *out[Capacity/2] != v {
					t.Fatalf("spill ends with %d, want %d", *out[Capacity/2], v)
				}
				model = model[Capacity/2:]
			case 2:
				got := q.Pop()
				if len(model) == 0 {
					if got != nil {
						t.Fatalf("pop from empty gave %d", *got)
					}
					break
				}
				if got == nil || *got != model[0] {
					t.Fatalf("pop gave %v, want %d", got, model[0])
				}
				model = model[1:]
			case 3:
				var dst Queue[int]
				got := q.StealInto(&dst)
				k := len(model) - len(model)/2
				if k == 0 {
					if got != nil {
						t.Fatal("steal from empty gave a task")
					}
					break
				}
				// dst holds model[0:k-1] in order; got is model[k-1].
				for i := 0; i < k-1; i++ {
					if v := dst.Pop(); v == nil || *v != model[i] {
						t.Fatalf("stolen[%d] = %v, want %d", i, v, model[i])
					}
				}
				if *got != model[k-1] {
					t.Fatalf("steal returned %d, want %d", *got, model[k-1])
				}
				model = model[k:]
			}
			if q.Len() != len(model) {
				t.Fatalf("Len %d, model %d", q.Len(), len(model))
			}
		}
	})
}
