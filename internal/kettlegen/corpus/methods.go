package corpus

import (
	"fmt"

	"github.com/kettle-rt/kettle/future"
)

// Account has async methods with pointer and value receivers.
type Account struct {
	Name    string
	Balance int
	log     *Log
}

// Deposit adds an awaited amount (pointer receiver).
//
//kettle:async
func (a *Account) Deposit(co *future.Co, amount int) int {
	a.Balance += future.Await(co, V(a.log, "deposit", amount))
	return a.Balance
}

// Describe reads a copy (value receiver: later changes are not seen).
//
//kettle:async
func (a Account) Describe(co *future.Co) string {
	future.Await(co, V(a.log, "describe", 0))
	return fmt.Sprint(a.Name, "=", a.Balance)
}

// transfer is an unexported async function with blank and variadic
// parameters.
//
//kettle:async
func transfer(co *future.Co, _ string, from, to *Account, amounts ...int) (moved int, err error) {
	for _, amt := range amounts {
		if from.Balance < amt {
			return moved, fmt.Errorf("insufficient for %d", amt)
		}
		from.Balance -= amt
		to.Deposit(co, amt)
		moved += amt
	}
	return moved, nil
}

// Methods drives the methods above.
//
//kettle:async
func Methods(co *future.Co, log *Log) string {
	a := &Account{Name: "a", Balance: 10, log: log}
	b := Account{Name: "b", log: log}
	a.Deposit(co, 5)
	desc := a.Describe(co)
	moved, err := transfer(co, "ignored", a, &b, 4, 6, 100)
	return fmt.Sprint(desc, " ", moved, " ", err, " ", b.Describe(co))
}

// ValueReceiverCopy shows that a value receiver is copied when the
// machine is built.
//
//kettle:async
func ValueReceiverCopy(co *future.Co, log *Log) string {
	acc := Account{Name: "v", Balance: 1, log: log}
	d := acc.Describe(co)
	acc.Balance = 2
	return d + " " + acc.Describe(co)
}
