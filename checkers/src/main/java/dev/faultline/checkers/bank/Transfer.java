package dev.faultline.checkers.bank;

/**
 * A transfer of a bank history: its invocation index, its completion index (-1 if it never
 * completed), the completion's type (ok, fail, info, or none) and the invocation's value.
 */
record Transfer(int index, String from, String to, long amount, int completion, String outcome, int process) {
    boolean ok() {
        return outcome.equals("ok");
    }

    boolean failed() {
        return outcome.equals("fail");
    }

    /** info or never completed: may take effect at any time after its invocation, or never. */
    boolean uncertain() {
        return !ok() && !failed();
    }

    /** "a0->a1 4" */
    String describe() {
        return from + "->" + to + " " + amount;
    }
}
