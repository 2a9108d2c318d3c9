package stream_test

import (
	"testing"

	"github.com/kettle-rt/kettle/future"
	"github.com/kettle-rt/kettle/stream"
	"github.com/kettle-rt/kettle/sync/mpsc"
)

func BenchmarkMapFilter(b *testing.B) {
	cx, _ := newCx()
	s := stream.Filter(stream.Map[int](endless{}, func(v int) int { return v + 1 }), func(int) bool { return true })
	b.ReportAllocs()
	for b.Loop() {
		s.PollNext(cx)
	}
}

func BenchmarkFromReceiver(b *testing.B) {
	cx, _ := newCx()
	tx, rx := mpsc.New[int](1)
	s := stream.FromReceiver(rx)
	b.ReportAllocs()
	for b.Loop() {
		_ = tx.TrySend(1)
		s.PollNext(cx)
	}
	future.Drop(s)
}

// BenchmarkBufferUnordered measures one item through BufferUnordered(8)
// of ready futures, including the future's own allocation.
func BenchmarkBufferUnordered(b *testing.B) {
	cx, _ := newCx()
	futs := stream.Map[int](endless{}, func(v int) future.Future[int] { return future.Value(v) })
	s := stream.BufferUnordered(futs, 8)
	b.ReportAllocs()
	for b.Loop() {
		s.PollNext(cx)
	}
	future.Drop(s)
}

// BenchmarkSeq measures one value through the Seq bridge (no blocking:
// the source is always ready).
func BenchmarkSeq(b *testing.B) {
	b.ReportAllocs()
	for range stream.Seq(stream.Take[int](endless{}, b.N)) {
	}
}
