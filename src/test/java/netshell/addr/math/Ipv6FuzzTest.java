package netshell.addr.math;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

import org.junit.jupiter.api.Test;

import netshell.core.BadInput;

/** Whatever is typed as IPv6, the parser answers with a block or a one-line BadInput. Seeded, so it reproduces. */
class Ipv6FuzzTest {
    private static final String ALPHABET = "0123456789abcdefABCDEFg:::::../%-*[] x";

    @Test
    void onlyBadInputEverEscapes() {
        Random random = new Random(0x1F6_2026L);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder(random.nextBoolean() ? "2001:db8" : "");
            int n = random.nextInt(24);
            for (int k = 0; k < n; k++) s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            if (random.nextInt(3) == 0) s.append('/').append(random.nextInt(140));
            String input = s.toString();
            try {
                Ipv6Block b = Ipv6Block.parse(input);
                NetInfo.of(b);
                accepted++;
            } catch (BadInput e) {
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            } catch (RuntimeException e) {
                fail(input + " -> " + e);
            }
        }
        if (accepted == 0) fail("the generator never made a valid address");
    }
}
