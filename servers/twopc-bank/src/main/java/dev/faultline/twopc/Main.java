package dev.faultline.twopc;

/** Entry point: {@code --role coordinator|participant}. Exit 2 on bad options, 1 on a failed start. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Options opt;
        try {
            opt = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("twopc-bank: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        try {
            if (opt.isCoordinator()) new Coordinator(opt).start();
            else new Participant(opt).start();
        } catch (Exception e) {
            System.err.println("twopc-bank: " + opt.role() + " " + opt.id() + " failed to start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
    }
}
