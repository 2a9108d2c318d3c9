package future

// joinAllMany is the future behind [JoinAll] above [smallN] futures: it
// polls only the futures woken since its last poll.
type joinAllMany[T any] struct {
	many[T]
	out   []T
	phase phase
}

// Poll polls each woken unfinished future once.
func (j *joinAllMany[T]) Poll(cx *Context) Poll[[]T] {
	j.phase.Check(j)
	parent := j.begin(cx)
	for {
		i, p, ok := j.next(cx, parent)
		if !ok {
			break
		}
		if p.ready {
			j.out[i], j.fs[i] = p.value, nil
		}
	}
	if j.set.Len() > 0 {
		return Pending[[]T]()
	}
	out := j.out
	j.fs, j.out, j.phase = nil, nil, done
	return Ready(out)
}

// Drop drops the unfinished futures in input order; a no-op after Ready or
// a first Drop.
func (j *joinAllMany[T]) Drop() {
	if j.phase != live {
		return
	}
	fs := j.fs
	j.fs, j.out, j.phase = nil, nil, dropped
	dropAll(fs, -1)
}

// tryJoinAllMany is the future behind [TryJoinAll] above [smallN] futures.
type tryJoinAllMany[T any] struct {
	many[Result[T]]
	out   []T
	phase phase
}

// Poll polls each woken unfinished future once, stopping at the first
// error.
func (j *tryJoinAllMany[T]) Poll(cx *Context) Poll[Result[[]T]] {
	j.phase.Check(j)
	parent := j.begin(cx)
	for {
		i, p, ok := j.next(cx, parent)
		if !ok {
			break
		}
		if !p.ready {
			continue
		}
		j.fs[i] = nil
		if p.value.Err != nil {
			fs := j.fs
			j.fs, j.out, j.phase = nil, nil, done
			dropAll(fs, -1)
			return Ready(Result[[]T]{Err: p.value.Err})
		}
		j.out[i] = p.value.Value
	}
	if j.set.Len() > 0 {
		return Pending[Result[[]T]]()
	}
	out := j.out
	j.fs, j.out, j.phase = nil, nil, done
	return Ready(Result[[]T]{Value: out})
}

// Drop drops the unfinished futures in input order; a no-op after Ready or
// a first Drop.
func (j *tryJoinAllMany[T]) Drop() {
	if j.phase != live {
		return
	}
	fs := j.fs
	j.fs, j.out, j.phase = nil, nil, dropped
	dropAll(fs, -1)
}

// raceMany is the future behind [Race] above [smallN] futures.
type raceMany[T any] struct {
	many[T]
	phase phase
}

// Poll polls the woken futures until one is ready.
func (r *raceMany[T]) Poll(cx *Context) Poll[T] {
	r.phase.Check(r)
	parent := r.begin(cx)
	for {
		i, p, ok := r.next(cx, parent)
		if !ok {
			return Pending[T]()
		}
		if p.ready {
			fs := r.fs
			r.fs, r.phase = nil, done
			dropAll(fs, i)
			return p
		}
	}
}

// Drop drops every future in input order; a no-op after Ready or a first
// Drop.
func (r *raceMany[T]) Drop() {
	if r.phase != live {
		return
	}
	fs := r.fs
	r.fs, r.phase = nil, dropped
	dropAll(fs, -1)
}

// selectAllMany is the future behind [SelectAll] above [smallN] futures.
type selectAllMany[T any] struct {
	many[T]
	phase phase
}

// Poll polls the woken futures until one is ready.
func (s *selectAllMany[T]) Poll(cx *Context) Poll[Selected[T]] {
	s.phase.Check(s)
	parent := s.begin(cx)
	for {
		i, p, ok := s.next(cx, parent)
		if !ok {
			return Pending[Selected[T]]()
		}
		if p.ready {
			fs := s.fs
			n := len(fs)
			s.fs, s.phase = nil, done
			rest := append(fs[:i], fs[i+1:]...)
			fs[n-1] = nil
			return Ready(Selected[T]{Index: i, Value: p.value, Rest: rest})
		}
	}
}

// Drop drops every future in input order; a no-op after Ready or a first
// Drop.
func (s *selectAllMany[T]) Drop() {
	if s.phase != live {
		return
	}
	fs := s.fs
	s.fs, s.phase = nil, dropped
	dropAll(fs, -1)
}
