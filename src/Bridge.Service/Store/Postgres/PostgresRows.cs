using System.Data.Common;
using System.Numerics;

namespace Bridge.Service.Store.Postgres;

/// <summary>Rows of the PostgreSQL store: naturals are <c>numeric</c>, read exactly.</summary>
internal sealed class PostgresRows : StoreRows
{
    public static readonly PostgresRows Instance = new();

    protected override BigInteger Nat(DbDataReader r, int i) => r.GetFieldValue<BigInteger>(i);

    protected override ulong U64(DbDataReader r, int i) => (ulong)r.GetDecimal(i);
}
