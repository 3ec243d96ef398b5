using System.Data.Common;
using System.Globalization;
using System.Numerics;

namespace Bridge.Service.Store.Sqlite;

/// <summary>Rows of the SQLite store: naturals are decimal text (they pass SQLite's 64-bit signed integers).</summary>
internal sealed class SqliteRows : StoreRows
{
    public static readonly SqliteRows Instance = new();

    protected override BigInteger Nat(DbDataReader r, int i) => BigInteger.Parse(r.GetString(i), NumberStyles.None, CultureInfo.InvariantCulture);

    protected override ulong U64(DbDataReader r, int i) => ulong.Parse(r.GetString(i), NumberStyles.None, CultureInfo.InvariantCulture);
}
