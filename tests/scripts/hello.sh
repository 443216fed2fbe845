#!/bin/busybox sh
# A #! script run as the program: ./run adds its interpreter to the guest,
# the kernel runs it with the interpreter's argument ("sh") and its path.
echo "args $#: $*"
echo "script: ${0##*/}"
exec /bin/busybox sh -c 'echo "exec from a script: $1"; exit 7' sh done
