package netshell.node;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Asks the person at the keyboard for a secret or a yes/no; a non-interactive prompter refuses both. */
public interface Prompter {
    /** The secret typed for prompt, or null when refused. */
    String askSecret(String prompt);

    boolean confirm(String prompt);

    default boolean interactive() { return true; }

    /** The answer typed for a question offering `choices` ("yes / no / all 3"), or null when refused. */
    default String choose(String prompt, String choices) {
        return confirm(prompt) ? "yes" : "no";
    }

    /** For scripts, CI and tests: nobody to ask. */
    static Prompter nonInteractive() {
        return new Prompter() {
            @Override
            public String askSecret(String prompt) { return null; }
            @Override
            public boolean confirm(String prompt) { return false; }
            @Override
            public String choose(String prompt, String choices) { return null; }
            @Override
            public boolean interactive() { return false; }
        };
    }

    /** Wraps a prompter so that each secret prompt (a key passphrase) is asked once, however many nodes share it. */
    static Prompter caching(Prompter inner) {
        Map<String, String> secrets = new ConcurrentHashMap<>();
        return new Prompter() {
            @Override
            public synchronized String askSecret(String prompt) {
                String known = secrets.get(prompt);
                if (known != null) return known;
                String answer = inner.askSecret(prompt);
                if (answer != null) secrets.put(prompt, answer);
                return answer;
            }
            @Override
            public synchronized boolean confirm(String prompt) { return inner.confirm(prompt); }
            @Override
            public synchronized String choose(String prompt, String choices) { return inner.choose(prompt, choices); }
            @Override
            public boolean interactive() { return inner.interactive(); }
        };
    }
}
