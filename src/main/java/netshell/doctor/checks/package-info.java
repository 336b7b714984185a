/**
 * The doctor's checks: facts in, findings and fixes out. Pure; may read the pure models of overlay.plan and
 * lb.rules, which it diagnoses.
 */
package netshell.doctor.checks;
