package oneshot

import "unsafe"

// PairSizeInt is the size of the one object New[int] allocates.
const PairSizeInt = unsafe.Sizeof(pair[int]{})
