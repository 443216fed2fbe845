// SPDX-License-Identifier: MIT
// encoding/json: a struct with nested slices, maps and tags is encoded
// (map keys sorted, so the bytes are fixed), decoded back and compared;
// a malformed document gives a syntax error.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"time"
)

type Item struct {
	Name  string            `json:"name"`
	Count int               `json:"count,omitempty"`
	Tags  []string          `json:"tags"`
	Attrs map[string]string `json:"attrs"`
	Ratio float64           `json:"ratio"`
	Inner *Item             `json:"inner,omitempty"`
}

func main() {
	time.AfterFunc(10*time.Second, func() { fmt.Println("watchdog"); os.Exit(3) })
	in := Item{Name: "a \"quoted\" <name>", Count: 3, Tags: []string{"x", "y"},
		Attrs: map[string]string{"z": "1", "b": "2", "m": "3"}, Ratio: 0.125,
		Inner: &Item{Name: "inner", Tags: nil}}
	b, err := json.Marshal(in)
	fmt.Println(string(b), err)
	var out Item
	err = json.Unmarshal(b, &out)
	fmt.Println("decode:", err, "round trip equal:", reflect.DeepEqual(in, out))
	var any map[string]interface{}
	err = json.Unmarshal([]byte(`{"n": 1.5, "l": [1, "two", null, true]}`), &any)
	fmt.Println("generic:", err, any["n"], any["l"])
	err = json.Unmarshal([]byte(`{"name": }`), &out)
	fmt.Println("malformed:", err)
	pretty, _ := json.MarshalIndent(map[string]int{"b": 2, "a": 1}, "", "  ")
	fmt.Println(string(pretty))
}
