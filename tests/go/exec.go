// SPDX-License-Identifier: MIT

// os/exec: the program runs itself as a helper (clone with CLONE_VFORK
// and CLONE_VM, execve, pipes, wait4), reads its output, feeds it input,
// and sees a failing helper's exit code and a missing program's error.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

func helper(mode string) {
	switch mode {
	case "echo":
		fmt.Println("helper says hello")
	case "upper":
		buf := make([]byte, 100)
		n, _ := os.Stdin.Read(buf)
		fmt.Print(strings.ToUpper(string(buf[:n])))
	case "fail":
		os.Exit(3)
	}
}

func main() {
	if len(os.Args) > 2 && os.Args[1] == "helper" {
		helper(os.Args[2])
		return
	}
	self := "/proc/self/exe"
	out, err := exec.Command(self, "helper", "echo").Output()
	fmt.Printf("output %q, error %v\n", out, err)

	cmd := exec.Command(self, "helper", "upper")
	cmd.Stdin = strings.NewReader("make me loud\n")
	out, err = cmd.Output()
	fmt.Printf("output %q, error %v\n", out, err)

	err = exec.Command(self, "helper", "fail").Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		fmt.Println("exit code", ee.ExitCode())
	}

	err = exec.Command("/nonexistent/program").Run()
	fmt.Println("missing program:", errors.Is(err, os.ErrNotExist))

	for i := 0; i < 5; i++ {
		out, _ := exec.Command(self, "helper", "echo").Output()
		fmt.Print(i, " ", string(out))
	}
}
