namespace Bridge.Service.Store;

/// <summary>The store cannot be read or written (disk full, locked too long, connection lost): the API answers 503.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
