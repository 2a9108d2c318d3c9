package future

// Tuple4 is the output of a kettlegen async function with four results.
type Tuple4[A, B, C, D any] struct {
	V1 A
	V2 B
	V3 C
	V4 D
}

// Tuple5 is the output of a kettlegen async function with five results.
type Tuple5[A, B, C, D, E any] struct {
	V1 A
	V2 B
	V3 C
	V4 D
	V5 E
}

// Tuple6 is the output of a kettlegen async function with six results.
type Tuple6[A, B, C, D, E, F any] struct {
	V1 A
	V2 B
	V3 C
	V4 D
	V5 E
	V6 F
}
