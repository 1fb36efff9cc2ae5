// Reference peer: the seed's stack, Gin + gorilla/websocket, in the usual production shape
// (read pump + write pump per connection, a hub goroutine for broadcast, ping/pong heartbeat).
// Same endpoints and semantics as socketscope-server: /ws echoes, /broadcast fans out to all.
// Built by bench/run from Debian's packages in GOPATH mode; nothing is downloaded.
package main

import (
	"flag"
	"log"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/websocket"
)

type message struct {
	kind int
	data []byte
}

type client struct {
	conn *websocket.Conn
	send chan message
	hub  *hub
}

type hub struct {
	clients    map[*client]bool
	register   chan *client
	unregister chan *client
	broadcast  chan message
}

func newHub() *hub {
	return &hub{clients: map[*client]bool{}, register: make(chan *client), unregister: make(chan *client),
		broadcast: make(chan message, 1024)}
}

func (h *hub) run() {
	for {
		select {
		case c := <-h.register:
			h.clients[c] = true
		case c := <-h.unregister:
			if h.clients[c] {
				delete(h.clients, c)
				close(c.send)
			}
		case m := <-h.broadcast:
			for c := range h.clients {
				select {
				case c.send <- m:
				default: // slow consumer: drop it, as production hubs do
					delete(h.clients, c)
					close(c.send)
				}
			}
		}
	}
}

var (
	pingPeriod = flag.Duration("ping", 30*time.Second, "ping interval; the pong wait is twice that")
	upgrader   = websocket.Upgrader{ReadBufferSize: 4096, WriteBufferSize: 4096,
		CheckOrigin: func(*http.Request) bool { return true }}
)

func (c *client) readPump(echo bool) {
	defer func() {
		if c.hub != nil {
			c.hub.unregister <- c
		} else {
			close(c.send)
		}
		c.conn.Close()
	}()
	c.conn.SetReadLimit(1 << 20)
	c.conn.SetReadDeadline(time.Now().Add(2 * *pingPeriod))
	c.conn.SetPongHandler(func(string) error { return c.conn.SetReadDeadline(time.Now().Add(2 * *pingPeriod)) })
	for {
		kind, data, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		c.conn.SetReadDeadline(time.Now().Add(2 * *pingPeriod))
		if echo {
			c.send <- message{kind, data}
		} else {
			c.hub.broadcast <- message{kind, data}
		}
	}
}

func (c *client) writePump() {
	ticker := time.NewTicker(*pingPeriod)
	defer func() {
		ticker.Stop()
		c.conn.Close()
	}()
	for {
		select {
		case m, ok := <-c.send:
			c.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if !ok {
				c.conn.WriteMessage(websocket.CloseMessage, []byte{})
				return
			}
			if err := c.conn.WriteMessage(m.kind, m.data); err != nil {
				return
			}
		case <-ticker.C:
			c.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if err := c.conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				return
			}
		}
	}
}

func serve(h *hub, echo bool) gin.HandlerFunc {
	return func(ctx *gin.Context) {
		conn, err := upgrader.Upgrade(ctx.Writer, ctx.Request, nil)
		if err != nil {
			return
		}
		c := &client{conn: conn, send: make(chan message, 256)}
		if !echo {
			c.hub = h
			h.register <- c
		}
		go c.writePump()
		go c.readPump(echo)
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8090", "listen address")
	flag.Parse()
	gin.SetMode(gin.ReleaseMode)
	h := newHub()
	go h.run()
	r := gin.New()
	r.GET("/ws", serve(h, true))
	r.GET("/broadcast", serve(h, false))
	log.Printf("gin+gorilla listening on ws://%s/ws and /broadcast", *addr)
	log.Fatal(r.Run(*addr))
}
