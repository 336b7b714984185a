package netshell.doctor.checks;

/** How a check came out: OK, WARN (works, but fragile or unusual) or FAIL (traffic breaks). */
public enum Status {
    OK, WARN, FAIL
}
