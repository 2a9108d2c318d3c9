package stream_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/kettle-rt/kettle/executor"
	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/stream"
	"github.com/kettle-rt/kettle/sync/mpsc"
	"github.com/kettle-rt/kettle/timer"
)

// Seq drains a stream from ordinary synchronous code with range; it
// blocks the goroutine between items, so use it outside tasks.
func ExampleSeq() {
	orders := stream.Map(stream.FromSlice([]string{"eggs", "toast", "tea"}), strings.ToUpper)
	for o := range stream.Seq(orders) {
		fmt.Println(o)
	}
	// Output:
	// EGGS
	// TOAST
	// TEA
}

// cook returns a future that takes `turns` polls and is ready with dish.
func cook(dish string, turns int) future.Future[string] {
	return future.Async(func(co *future.Co) string {
		for range turns {
			future.Await(co, future.YieldNow())
		}
		return dish
	})
}

// Buffered cooks up to two dishes at once and serves them in order.
func ExampleBuffered() {
	menu := stream.FromSlice([]future.Future[string]{cook("soup", 3), cook("bread", 0), cook("salad", 1)})
	fmt.Println(executor.BlockOn(stream.Collect(stream.Buffered(menu, 2))))
	// Output:
	// [soup bread salad]
}

// BufferUnordered serves each dish as soon as it is ready.
func ExampleBufferUnordered() {
	menu := stream.FromSlice([]future.Future[string]{cook("soup", 3), cook("bread", 0), cook("salad", 1)})
	fmt.Println(executor.BlockOn(stream.Collect(stream.BufferUnordered(menu, 3))))
	// Output:
	// [bread salad soup]
}

// Merge takes turns between streams that are ready, and ends when all end.
func ExampleMerge() {
	hot := stream.FromSlice([]string{"coffee", "tea"})
	cold := stream.FromSlice([]string{"juice", "milk", "water"})
	fmt.Println(executor.BlockOn(stream.Collect(stream.Merge(hot, cold))))
	// Output:
	// [coffee juice tea milk water]
}

// Take stops an endless stream; the source is dropped (here, the
// generator's defer runs) as soon as the last value is taken.
func ExampleTake() {
	tickets := stream.Iter(func(yield func(int) bool) {
		defer fmt.Println("ticket printer off")
		for n := 1; yield(n); n++ {
		}
	})
	fmt.Println(executor.BlockOn(stream.Collect(stream.Take(tickets, 3))))
	// Output:
	// ticket printer off
	// [1 2 3]
}

// FromReceiver turns a channel into a stream that ends when every sender
// has closed; Next awaits one item at a time.
func ExampleFromReceiver() {
	tx, rx := mpsc.New[string](1)
	orders := stream.FromReceiver(rx)
	waiter := future.Async(func(co *future.Co) int {
		for _, o := range []string{"pancakes", "waffles"} {
			future.Await(co, tx.Send(o))
		}
		tx.Close()
		return 0
	})
	chef := future.Async(func(co *future.Co) int {
		n := 0
		for {
			o, ok := future.Await(co, stream.Next(orders)).Get()
			if !ok {
				return n
			}
			fmt.Println("cooking", o)
			n++
		}
	})
	fmt.Println(executor.BlockOn(future.Join2(waiter, chef)).V2, "orders cooked")
	// Output:
	// cooking pancakes
	// cooking waffles
	// 2 orders cooked
}

// Filter keeps the values a predicate accepts.
func ExampleFilter() {
	even := stream.Filter(stream.FromSlice([]int{1, 2, 3, 4, 5, 6}), func(v int) bool { return v%2 == 0 })
	for v := range stream.Seq(even) {
		fmt.Print(v, " ")
	}
	fmt.Println()
	// Output:
	// 2 4 6
}

// Ticks of an Interval as a stream, on a virtual clock: three ticks a
// minute apart take no real time.
func ExampleFromInterval() {
	start := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	ex := executor.NewLocal(executor.Clock(timer.NewVirtualClock(start)))
	defer ex.Close()
	ticks, _ := executor.Run(ex, stream.Collect(stream.Take(stream.FromInterval(timer.NewInterval(time.Minute)), 3)))
	for _, t := range ticks {
		fmt.Println(t.Format("15:04"))
	}
	// Output:
	// 08:00
	// 08:01
	// 08:02
}
