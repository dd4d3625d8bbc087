package dev.lap.policy.internal.eval;

import dev.lap.policy.value.Value;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The variable bindings of one evaluation: a single stack shared by every rule frame. A frame is
 * the stretch of the stack above its {@link #enter() base}, so entering a rule allocates nothing
 * (a hash map per rule body was a tenth of the egress decision's allocation).
 *
 * <p>Evaluation binds and unbinds in strict LIFO order (a variable is bound, the continuation
 * runs, the binding is dropped in {@code finally}), which is what makes a stack enough. Frames
 * hold a handful of variables, so a backwards scan beats hashing. Names are compared by identity:
 * {@code Term.Var} interns its name, and every lookup comes from a {@code Term.Var}.
 */
final class Bindings {
    private String[] names = new String[8];
    private Value[] values = new Value[8];
    private int top;
    private int base;

    /** The value bound to {@code name} in the current frame, or null. */
    @Nullable Value get(String name) {
        String[] ns = names;
        for (int i = top - 1; i >= base; i--) {
            if (ns[i] == name) {
                return values[i];
            }
        }
        return null;
    }

    boolean isBound(String name) {
        return get(name) != null;
    }

    /** Binds {@code name}, shadowing any earlier binding until {@link #pop}. */
    void push(String name, Value v) {
        if (top == names.length) {
            names = Arrays.copyOf(names, top * 2);
            values = Arrays.copyOf(values, top * 2);
        }
        names[top] = name;
        values[top] = v;
        top++;
    }

    /** Drops the latest binding. */
    void pop() {
        top--;
        names[top] = null;
        values[top] = null;
    }

    /** The current height, to {@link #popTo} later. */
    int mark() {
        return top;
    }

    /** Drops every binding made since {@code mark}. */
    void popTo(int mark) {
        while (top > mark) {
            pop();
        }
    }

    /** Starts an empty frame above the current one; returns what {@link #leave} restores. */
    int enter() {
        int saved = base;
        base = top;
        return saved;
    }

    /** Ends the frame {@link #enter} started, dropping anything it left bound. */
    void leave(int savedBase) {
        popTo(base);
        base = savedBase;
    }
}
