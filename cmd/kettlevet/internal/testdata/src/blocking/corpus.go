package blocking

//kettlevet:file-ignore lockacrossawait,blocking a corpus that blocks on purpose

import "github.com/kettle-rt/kettle/future"

//kettle:async
func corpusWait(co *future.Co, ch chan int) int {
	go func() { ch <- 1 }()
	return <-ch
}
