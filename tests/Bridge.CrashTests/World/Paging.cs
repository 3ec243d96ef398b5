namespace Bridge.CrashTests.World;

/// <summary>Reads every page of a list endpoint that pages by <c>from</c> (1-based) and <c>limit</c>.</summary>
internal static class Paging
{
    public static async Task<List<T>> AllAsync<T>(Func<ulong, int, Task<IReadOnlyList<T>>> page)
    {
        var all = new List<T>();
        while (true)
        {
            var items = await page((ulong)all.Count + 1, 100);
            all.AddRange(items);
            if (items.Count < 100) return all;
        }
    }
}
