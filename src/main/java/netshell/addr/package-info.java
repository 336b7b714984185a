/**
 * {@code net info|split|diagram|contains|overlap}: the address-maths commands. Glue over addr.math.
 */
package netshell.addr;
