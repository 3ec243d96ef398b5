using Icp.Agent.Certification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Icp.Agent;

/// <summary>Registers an <see cref="IcpAgent"/> with dependency injection.</summary>
public static class IcpAgentServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IcpAgent"/> as a singleton configured by <paramref name="configure"/>, with a named
    /// <see cref="HttpClient"/> (<see cref="IcpAgent.HttpClientName"/>; add handlers or a proxy through the returned builder).
    /// Certificates are checked with our BLS12-381 (<see cref="Bls12381Verifier"/>) unless another
    /// <see cref="IBlsVerifier"/> is registered; a <see cref="TimeProvider"/> is used when registered.
    /// </summary>
    /// <example><code>
    /// services.AddIcpAgent(o => { o.Url = new Uri("http://127.0.0.1:4943"); o.IsLocalNetwork = true; });
    /// </code></example>
    public static IHttpClientBuilder AddIcpAgent(this IServiceCollection services, Action<IcpAgentOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<IcpAgentOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IcpAgentOptions>, IcpAgentOptionsValidator>());
        services.TryAddSingleton<IBlsVerifier>(Bls12381Verifier.Shared);
        services.TryAddSingleton(sp => new IcpAgent(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<IcpAgentOptions>>(),
            sp.GetRequiredService<IBlsVerifier>(),
            sp.GetService<ILogger<IcpAgent>>(),
            sp.GetService<TimeProvider>()));
        // The agent times each attempt itself (IcpAgentOptions.RequestTimeout) and retries; the client must not cut in first.
        return services.AddHttpClient(IcpAgent.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
    }
}

/// <summary>Reports invalid <see cref="IcpAgentOptions"/> as an <see cref="OptionsValidationException"/> naming the setting.</summary>
internal sealed class IcpAgentOptionsValidator : IValidateOptions<IcpAgentOptions>
{
    public ValidateOptionsResult Validate(string? name, IcpAgentOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
