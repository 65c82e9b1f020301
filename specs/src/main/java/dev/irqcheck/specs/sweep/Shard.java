package dev.irqcheck.specs.sweep;

import java.util.List;

/**
 * One of {@code of} deterministic parts of a sweep: shard {@code index} (1-based) takes the
 * configurations whose shape ordinal is {@code index - 1} modulo {@code of}. The split depends only
 * on the bounds (enumeration order), never on threads or machine, and keeps every design of one
 * configuration in the same shard.
 */
public record Shard(int index, int of) {
    /** More shards than this is a typo, not a cluster: the largest sweep has fewer configurations. */
    public static final int MAX_SHARDS = 100_000;

    public Shard {
        if (of < 1 || of > MAX_SHARDS) {
            throw new IllegalArgumentException("shard count must be 1.." + MAX_SHARDS + ", got " + of);
        }
        if (index < 1 || index > of) {
            throw new IllegalArgumentException("shard index must be 1.." + of + ", got " + index);
        }
    }

    /** Reads {@code K/N}, e.g. {@code 2/3}. */
    public static Shard parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || !text.substring(0, slash).matches("[0-9]{1,6}") || !text.substring(slash + 1).matches("[0-9]{1,6}")) {
            throw new IllegalArgumentException("--shard: expected K/N with 1 <= K <= N, e.g. 2/3, got '" + text + "'");
        }
        try {
            return new Shard(Integer.parseInt(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--shard " + text + ": " + e.getMessage());
        }
    }

    public boolean contains(SweepConfig c) {
        return c.shapeOrdinal() % of == index - 1;
    }

    public List<SweepConfig> select(List<SweepConfig> all) {
        return all.stream().filter(this::contains).toList();
    }
}
