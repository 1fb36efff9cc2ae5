// Reference load client: gorilla/websocket, one goroutine per connection, WINDOW binary messages of
// SIZE bytes in flight on each (a closed loop like socketscope-load --window). Prints msgs/s and the
// messages received in all (bench/load-client divides those by the process's CPU time).
// Built by bench/run from Debian's packages; used to check that socketscope-load is not the bottleneck.
package main

import (
	"flag"
	"fmt"
	"log"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

func main() {
	url := flag.String("url", "ws://127.0.0.1:8080/ws", "echo endpoint")
	connections := flag.Int("c", 1000, "connections")
	window := flag.Int("window", 1, "messages in flight per connection")
	size := flag.Int("size", 64, "message size in bytes")
	seconds := flag.Float64("d", 4, "seconds of load")
	flag.Parse()

	var received int64
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	stop := make(chan struct{})
	payload := make([]byte, *size)
	for i := 0; i < *connections; i++ {
		conn, _, err := websocket.DefaultDialer.Dial(*url, nil)
		if err != nil {
			log.Fatalf("connection %d: %v", i, err)
		}
		ready.Add(1)
		done.Add(1)
		go func(conn *websocket.Conn) {
			defer done.Done()
			defer conn.Close()
			ready.Done()
			<-start
			for w := 0; w < *window; w++ {
				if conn.WriteMessage(websocket.BinaryMessage, payload) != nil {
					return
				}
			}
			for {
				if _, _, err := conn.ReadMessage(); err != nil {
					return
				}
				atomic.AddInt64(&received, 1)
				select {
				case <-stop:
					return
				default:
				}
				if conn.WriteMessage(websocket.BinaryMessage, payload) != nil {
					return
				}
			}
		}(conn)
	}
	ready.Wait()
	began := time.Now()
	close(start)
	time.Sleep(time.Duration(*seconds * float64(time.Second)))
	count := atomic.LoadInt64(&received)
	elapsed := time.Since(began).Seconds()
	close(stop)
	fmt.Printf("%.0f %d\n", float64(count)/elapsed, count)
}
