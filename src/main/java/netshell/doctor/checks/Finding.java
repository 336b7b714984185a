package netshell.doctor.checks;

/**
 * One result row of {@code doctor}: which check, on which node, its status, what is wrong and why it
 * breaks traffic (plain language), and the exact command that fixes it on that node ("" when none).
 */
public record Finding(String check, String node, Status status, String explanation, String fix) {
    public static Finding ok(String check, String node, String explanation) {
        return new Finding(check, node, Status.OK, explanation, "");
    }

    public static Finding warn(String check, String node, String explanation, String fix) {
        return new Finding(check, node, Status.WARN, explanation, fix == null ? "" : fix);
    }

    public static Finding fail(String check, String node, String explanation, String fix) {
        return new Finding(check, node, Status.FAIL, explanation, fix == null ? "" : fix);
    }

    public boolean failed() { return status == Status.FAIL; }
}
