package netshell.node;

/** How a node is reached; its label is what the shell prints ("ssh", "lab", "local", "dry-run"). */
public enum Transport {
    SSH("ssh"), LAB("lab"), LOCAL("local"), DRY_RUN("dry-run");

    private final String label;

    Transport(String label) { this.label = label; }

    public String label() { return label; }

    @Override
    public String toString() { return label; }
}
