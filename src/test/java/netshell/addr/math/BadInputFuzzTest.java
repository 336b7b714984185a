package netshell.addr.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import netshell.addr.math.Membership.Containment;
import netshell.addr.math.Membership.Overlap;
import netshell.core.BadInput;

/**
 * Whatever a user types, the net parsers answer with a result or a one-line BadInput: never a
 * NumberFormatException, index error or multi-line message. Seeded, so a failure reproduces.
 */
class BadInputFuzzTest {
    private static final int CASES = 12_000;
    private static final List<String> GOOD = List.of("10.0.0.0/24", "10.0.0.1/24", "0.0.0.0/0", "192.168.56.10",
            "255.255.255.255/32", "172.16.0.0/12", "10.0.0.0/31", "100.64.0.0/10", "4", "26", "/26", "1");
    private static final String SHELL = ";|&$`'\"\\<>(){}[]*?!#~%^=, \t\n\r";
    private static final String NEAR = "0123456789./-+ x:";

    private final Random random = new Random(0x5EED_2024L);
    private int accepted;
    private int rejected;

    @Test
    void onlyBadInputEverEscapes() {
        for (int i = 0; i < CASES; i++) {
            String input = generate(i % 5);
            String good = GOOD.get(random.nextInt(GOOD.size()));
            attempt(input, () -> Ipv4.parse(input));
            attempt(input, () -> roundTrips(Cidr.parse(input)));
            attempt(input, () -> Cidr.parsePrefix(input));
            attempt(input, () -> splitWith(good, Cidr.parseParts(input)));
            attempt(input, () -> Containment.check(input, "10.0.0.1"));
            attempt(input, () -> Containment.check("10.0.0.0/24", input));
            attempt(input, () -> Overlap.check(input, good));
            attempt(input, () -> Overlap.check(good, input));
            attempt(input, () -> AddressPlan.of(Cidr.parse(input), List.of("a", "b")));
        }
        // The generators must reach both sides, or the test proves little.
        assertTrue(accepted > 2_000, "accepted only " + accepted);
        assertTrue(rejected > 50_000, "rejected only " + rejected);
    }

    private Object roundTrips(Cidr cidr) {
        Cidr again = Cidr.parse(cidr.asGiven());
        assertEquals(cidr, again);
        assertEquals(cidr.address(), again.address());
        return again;
    }

    private Object splitWith(String good, int parts) {
        Cidr block = Cidr.parse(good.contains(".") ? good : "10.0.0.0/16");
        List<Cidr> pieces = block.split(parts);
        assertEquals(parts, pieces.size());
        if (parts <= 16) SplitDiagram.render(block, parts);
        return SubnetRow.split(block, Math.min(parts, 64));
    }

    private void attempt(String input, Supplier<Object> call) {
        try {
            call.get();
            accepted++;
        } catch (BadInput e) {
            rejected++;
            String message = e.getMessage();
            if (message == null || message.isBlank()) fail("empty message for " + Shown.input(input));
            for (char c : message.toCharArray()) {
                if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                    fail("message is not one printable line for " + Shown.input(input) + ": " + Shown.input(message));
                }
            }
        } catch (Throwable t) {
            fail("input " + Shown.input(input) + " threw " + t, t);
        }
    }

    private String generate(int kind) {
        return switch (kind) {
            case 0 -> randomBytes();
            case 1 -> shellish();
            case 2 -> unicode();
            case 3 -> hugeNumbers();
            default -> nearValid();
        };
    }

    private String randomBytes() {
        byte[] bytes = new byte[random.nextInt(24)];
        random.nextBytes(bytes);
        return new String(bytes, random.nextBoolean() ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    private String shellish() {
        StringBuilder out = new StringBuilder(random.nextBoolean() ? GOOD.get(random.nextInt(GOOD.size())) : "");
        for (int i = random.nextInt(6); i >= 0; i--) {
            out.insert(random.nextInt(out.length() + 1), SHELL.charAt(random.nextInt(SHELL.length())));
        }
        return out.toString();
    }

    private String unicode() {
        int[] interesting = {'\u0660', '\uFF11', '\u2028', '\u2029', '\u0085', '\u00A0', '\u200B', '\u202E',
                '\uFF0E', '\u3002', '\uD800', '\uDFFF', 0x1F600, 0x10FFFF, '٣', '²', 'é'};
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(8); i >= 0; i--) {
            if (random.nextInt(3) == 0) out.append(GOOD.get(random.nextInt(GOOD.size())));
            else if (random.nextBoolean()) out.appendCodePoint(interesting[random.nextInt(interesting.length)]);
            else
                out.appendCodePoint(random.nextInt(0x110000));
        }
        return out.toString();
    }

    private String hugeNumbers() {
        String[] shapes = {"%s", "%s.0.0.1", "10.0.0.%s", "10.0.0.0/%s", "%s/%s", "-%s", "%s.%s.%s.%s", "0.0.0.0/%s"};
        String shape = shapes[random.nextInt(shapes.length)];
        Object[] numbers = new Object[4];
        for (int i = 0; i < numbers.length; i++) numbers[i] = number();
        return String.format(shape, numbers);
    }

    private String number() {
        return switch (random.nextInt(4)) {
            case 0 -> "9".repeat(1 + random.nextInt(30));
            case 1 -> Long.toString(random.nextLong());
            case 2 -> Integer.toString(random.nextInt(300));
            default -> "0".repeat(random.nextInt(5)) + random.nextInt(70000);
        };
    }

    private String nearValid() {
        StringBuilder out = new StringBuilder(GOOD.get(random.nextInt(GOOD.size())));
        for (int i = random.nextInt(3); i >= 0; i--) {
            int at = random.nextInt(out.length() + 1);
            char c = NEAR.charAt(random.nextInt(NEAR.length()));
            switch (random.nextInt(4)) {
                case 0 -> out.insert(at, c);
                case 1 -> { if (at < out.length()) out.deleteCharAt(at); }
                case 2 -> { if (at < out.length()) out.setCharAt(at, c); }
                default -> out.append(out, 0, Math.min(at, out.length()));
            }
        }
        return out.toString();
    }
}
