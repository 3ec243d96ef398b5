using System.Diagnostics;
using System.Runtime.InteropServices;
using Icp.Replica.Execution;

namespace Icp.Replica.Benchmarks;

/// <summary>
/// The cost of one <see cref="CopyOnWriteMemory.Checkpoint"/> after a message that wrote 5 pages, over a fully present
/// memory of a given size (`scan` mode): what every in-process update pays for its rollback image, apart from the call.
/// </summary>
internal static class CheckpointCost
{
    public static string Measure(int mib)
    {
        long length = (long)mib << 20;
        nint memory = Marshal.AllocHGlobal((nint)length + 4096);
        nint aligned = (memory + 4095) & ~(nint)4095;
        using var image = CopyOnWriteMemory.TryCreate() ?? throw new PlatformNotSupportedException("no copy-on-write memory here");
        for (long page = 0; page < length; page += 4096) Marshal.WriteByte(aligned + (nint)page, 1);
        image.Checkpoint(aligned, length);
        for (long page = 0; page < length; page += 4096) Marshal.WriteByte(aligned + (nint)page + 1, 1); // all present, all folded once
        image.Touch();
        image.Checkpoint(aligned, length);
        const int Rounds = 20_000;
        var text = new System.Text.StringBuilder();
        foreach (int written in (int[])[0, 1, 5])
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            for (int i = 0; i < Rounds; i++)
            {
                for (int w = 0; w < written; w++) Marshal.WriteByte(aligned + (nint)(((i * 7 + w * 977) % (length / 4096)) * 4096), (byte)i);
                image.Touch();
                image.Checkpoint(aligned, length);
            }
            double perCheckpoint = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds / Rounds;
            text.AppendLine($"{mib} MiB fully present, {written} pages written: {perCheckpoint:F2} µs per checkpoint (write tracking: {image.TracksWrites})");
        }
        Marshal.FreeHGlobal(memory);
        return text.Append($"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}").ToString();
    }
}
