package mutex

// Option configures a [Mutex] or [RWMutex] at construction.
type Option interface{ apply(*config) }

// config gathers the options; defaults are the zero value (see newConfig).
type config struct {
	name string // "" = unnamed
}

// newConfig applies opts over the defaults: an unnamed lock.
func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o == nil {
			panic("mutex: nil Option")
		}
		o.apply(&c)
	}
	return c
}

type nameOption string

func (n nameOption) apply(c *config) { c.name = string(n) }

// Name names the lock in deadlock reports and task dumps:
// `mutex.Lock of "spoon" held by task "cook eggs"`. The default is unnamed.
func Name(s string) Option { return nameOption(s) }
