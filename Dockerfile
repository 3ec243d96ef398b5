# The bridge service (src/Bridge.Service) as a container image. See docs/container.md.
#
# Two ways to build, one image:
#   docker build -t bridge .                                   # SDK stage: restore and publish inside the build
#   dotnet publish src/Bridge.Service -c Release -r linux-x64 --self-contained false -p:UseAppHost=false \
#       -o artifacts/container/bridge                          # or publish on the host ...
#   docker build --target prebuilt --build-arg RUNTIME_IMAGE=local/dotnet-aspnet:10.0 -t bridge .
#                                                              # ... and only copy it (no SDK image, no registry)
#
# The `prebuilt` target comes before the SDK stage on purpose: the classic builder builds the stages up to the
# target in file order, so `--target prebuilt` never touches SDK_IMAGE. The same image runs the standalone
# replica: `dotnet Icp.Replica.dll --port 4943` (its assembly and runtimeconfig ship with the bridge).

ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

# ---- runtime: everything but the application --------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS runtime
# The official images' non-root `app` user has this uid; a numeric uid works in images without it too.
ARG APP_UID=1654
WORKDIR /app
# /data: the SQLite file (a volume); /run/secrets: where PEM files are mounted read-only.
RUN mkdir -p /data /run/secrets && chown ${APP_UID}:${APP_UID} /data && chmod 0750 /data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    HOME=/tmp \
    Store__Provider=sqlite \
    Store__ConnectionString="Data Source=/data/bridge.db"
VOLUME ["/data"]
EXPOSE 8080
USER ${APP_UID}:${APP_UID}
# Liveness without curl or wget in the image: bash's /dev/tcp, an HTTP/1.0 GET of /health on the first HTTP port.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${ASPNETCORE_HTTP_PORTS%%[;,]*} && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "/app/Bridge.Service.dll"]

# ---- prebuilt: the output of a `dotnet publish` on the host -----------------------------------------------------
FROM runtime AS prebuilt
ARG PUBLISH_DIR=artifacts/container/bridge
COPY ${PUBLISH_DIR}/ /app/

# ---- build: restore and publish with the SDK image ------------------------------------------------------------
FROM ${SDK_IMAGE} AS build
# Where restore takes packages (a mirror instead of nuget.org), and NuGet's check of package signing certificates'
# revocation (`offline` where their revocation servers cannot be reached, as on a machine behind an egress proxy).
# Arguments of this stage only: neither reaches the final image. tests/Bridge.Container.Tests passes the machine's.
ARG NUGET_SOURCE=https://api.nuget.org/v3/index.json
ARG NUGET_CERT_REVOCATION_MODE=online
WORKDIR /src
ENV DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
# Restore first, from the project files alone, so a source change reuses the restored layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Icp.Candid/Icp.Candid.csproj src/Icp.Candid/
COPY src/Icp.Candid.Generator/Icp.Candid.Generator.csproj src/Icp.Candid.Generator/
COPY src/Icp.Candid.Generator/build/ src/Icp.Candid.Generator/build/
COPY src/Icp.Tool/Icp.Tool.csproj src/Icp.Tool/
COPY src/Icp.Agent/Icp.Agent.csproj src/Icp.Agent/
COPY src/Icp.Bls12381/Icp.Bls12381.csproj src/Icp.Bls12381/
COPY src/Icp.Ledger/Icp.Ledger.csproj src/Icp.Ledger/
COPY src/Icp.Replica/Icp.Replica.csproj src/Icp.Replica/
COPY src/Bridge.Core/Bridge.Core.csproj src/Bridge.Core/
COPY src/Bridge.Service/Bridge.Service.csproj src/Bridge.Service/
RUN dotnet restore src/Bridge.Service/Bridge.Service.csproj -r linux-x64 --source "$NUGET_SOURCE"
COPY candid/ candid/
COPY src/ src/
RUN dotnet publish src/Bridge.Service/Bridge.Service.csproj -c Release -r linux-x64 --self-contained false \
        -p:UseAppHost=false --no-restore -o /out

# ---- final (the default target): the runtime with the SDK stage's output ----------------------------------------
FROM runtime AS final
COPY --from=build /out/ /app/
