using System.Diagnostics;

namespace Icp.Candid.Tests.Hostile;

/// <summary>What one bounded run did: the exception it threw (null: none), the bytes it allocated and the time it took.</summary>
public sealed record BoundedRun(Exception? Error, long Allocated, TimeSpan Elapsed)
{
    /// <summary>Fails unless the run threw nothing or one of <paramref name="allowed"/>.</summary>
    public BoundedRun OnlyThrew(params Type[] allowed)
    {
        if (Error is not null && !allowed.Any(t => t.IsInstanceOfType(Error)))
            Assert.Fail($"unexpected {Error.GetType().Name}: {Error.Message}\n{Error.StackTrace}");
        return this;
    }

    /// <summary>Fails unless the run threw <typeparamref name="T"/>, and returns it.</summary>
    public T Threw<T>() where T : Exception =>
        Error as T ?? throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name} but got {(Error is null ? "no exception" : Error.GetType().Name + ": " + Error.Message)}");

    /// <summary>Fails when the run allocated more than <paramref name="bytes"/>.</summary>
    public BoundedRun AllocatedAtMost(long bytes)
    {
        Assert.True(Allocated <= bytes, $"allocated {Allocated:N0} bytes, more than the bound of {bytes:N0}");
        return this;
    }
}

/// <summary>
/// Runs code on a thread of its own with a small stack (1 MiB, the size of a thread-pool thread's on some
/// platforms and smaller than the main thread's 8 MiB), so that recursion as deep as the input would crash
/// the test process instead of passing, and measures what that thread allocates.
/// </summary>
public static class Bounded
{
    public const int SmallStack = 1 << 20;

    public static BoundedRun Run(Action action, int stackSize = SmallStack)
    {
        Exception? error = null;
        long allocated = 0;
        var watch = new Stopwatch();
        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            watch.Start();
            try
            {
                action();
            }
            catch (Exception e)
            {
                error = e;
            }
            watch.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }, stackSize);
        thread.Start();
        thread.Join();
        return new BoundedRun(error, allocated, watch.Elapsed);
    }
}
