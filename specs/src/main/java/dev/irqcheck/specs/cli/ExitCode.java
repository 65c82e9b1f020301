package dev.irqcheck.specs.cli;

/** The command's exit codes; scripts depend on them, so they stay few and stable. */
public enum ExitCode {
    /** Every verdict is the one the scenario expects. */
    OK(0),
    /** Some verdict differs from the expected one (a new violation, or a documented one that vanished). */
    UNEXPECTED(1),
    /** Bad command line or bad scenario file; the message names the file, line and field. */
    BAD_INPUT(2),
    /** A state or memory limit stopped a search before it could decide. */
    LIMIT(3),
    /** A bug in irqcheck or its model. */
    INTERNAL(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
