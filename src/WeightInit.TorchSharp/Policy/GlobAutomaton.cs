using System;
using System.Buffers;

namespace WeightInit.Policy;

/// <summary>
/// A Thompson NFA over characters, simulated with a state set: each character of the name is read once and every
/// state is visited at most once per character, so no pattern can make matching backtrack. The name is read with a
/// '.' appended, because <see cref="GlobCompiler"/> ends every segment with the dot that follows it.
/// </summary>
internal sealed class GlobAutomaton
{
    internal enum Op : byte
    {
        /// <summary>Reads the state's own character.</summary>
        Char,
        /// <summary>Reads any character but '.'.</summary>
        NonDot,
        /// <summary>Goes on to Out1 without reading.</summary>
        Epsilon,
        /// <summary>Goes on to Out1 and Out2 without reading.</summary>
        Split,
        Match,
    }

    readonly Op[] _ops;
    readonly char[] _chars;
    readonly int[] _out1;
    readonly int[] _out2;
    readonly int _start;

    internal GlobAutomaton(Op[] ops, char[] chars, int[] out1, int[] out2, int start)
    {
        _ops = ops;
        _chars = chars;
        _out1 = out1;
        _out2 = out2;
        _start = start;
    }

    internal int StateCount => _ops.Length;

    public bool IsMatch(string name) => IsMatch(name, out _);

    /// <summary>Also counts the states visited: at most every state once for the start and once per character read
    /// (the name and the dot after it), so at most (name length + 2) × states.</summary>
    internal bool IsMatch(string name, out long visits)
    {
        visits = 0;
        int n = _ops.Length;
        // current, next, the generation each state was last added in, and the closure's stack.
        int[] rented = ArrayPool<int>.Shared.Rent(4 * n);
        try
        {
            var buffer = rented.AsSpan(0, 4 * n);
            Span<int> current = buffer[..n], next = buffer.Slice(n, n), seen = buffer.Slice(2 * n, n), stack = buffer.Slice(3 * n, n);
            seen.Clear();
            int generation = 1;
            int count = AddClosure(_start, current, 0, seen, generation, stack, ref visits);
            for (int i = 0; i <= name.Length && count > 0; i++)
            {
                char c = i < name.Length ? name[i] : '.';
                generation++;
                int nextCount = 0;
                for (int k = 0; k < count; k++)
                {
                    int s = current[k];
                    bool reads = _ops[s] switch
                    {
                        Op.Char => _chars[s] == c,
                        Op.NonDot => c != '.',
                        _ => false,
                    };
                    if (reads) nextCount = AddClosure(_out1[s], next, nextCount, seen, generation, stack, ref visits);
                }
                var swap = current;
                current = next;
                next = swap;
                count = nextCount;
            }
            for (int k = 0; k < count; k++)
                if (_ops[current[k]] == Op.Match) return true;
            return false;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    // Adds every reading state (and Match) reachable from s without reading; each state once per generation.
    int AddClosure(int s, Span<int> set, int count, Span<int> seen, int generation, Span<int> stack, ref long visits)
    {
        if (seen[s] == generation) return count;
        seen[s] = generation;
        int top = 0;
        stack[top++] = s;
        while (top > 0)
        {
            int t = stack[--top];
            visits++;
            switch (_ops[t])
            {
                case Op.Epsilon:
                    Push(_out1[t], seen, generation, stack, ref top);
                    break;
                case Op.Split:
                    Push(_out2[t], seen, generation, stack, ref top);
                    Push(_out1[t], seen, generation, stack, ref top);
                    break;
                default:
                    set[count++] = t;
                    break;
            }
        }
        return count;
    }

    static void Push(int s, Span<int> seen, int generation, Span<int> stack, ref int top)
    {
        if (seen[s] == generation) return;
        seen[s] = generation;
        stack[top++] = s;
    }
}
