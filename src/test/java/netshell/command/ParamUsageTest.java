package netshell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How a parameter reads in usage lines and hints: the value's name comes from the declaration, not from a list. */
class ParamUsageTest {
    @Test
    void anOptionsValueIsNamedByItsDeclarationThenItsChoicesThenItsCompletionThenItsName() {
        assertEquals("[--confirm SECONDS]", Param.confirm().usage());
        assertEquals("[--dev IFACE]", Param.option("dev", "d").completes("underlay").valueNamed("IFACE").usage());
        assertEquals("[--proto tcp|udp]", Param.option("proto", "p").choices("tcp", "udp").usage());
        assertEquals("[--on SELECTOR]", Param.onNodes().usage());
        assertEquals("[--backend BACKEND…]", Param.option("backend", "b").asRepeatable().usage());
        assertEquals("--max-rows MAX_ROWS", Param.option("max-rows", "m").asRequired().usage());
    }

    @Test
    void aPositionalIsShownByItsName() {
        assertEquals("VIP", Param.positional("vip", "v").completes("vip").valueNamed("ADDR:PORT").valueLabel());
        assertEquals("[COMMAND…]", Param.rest("command", "c").usage());
    }
}
