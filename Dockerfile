# The indexer service as a container image.
#
#   docker build -t indexer .
#   docker run -p 8080:8080 -v indexer-data:/data indexer
#
# Config: the image ships the repository's config/ folder at /app/config (INDEXER_CONFIG_DIR). Operators mount
# their own folder there (feeds.json, optional appsettings.json, and any local feed files that feeds.json names
# relative to it):
#   docker run -v /srv/indexer/config:/app/config:ro ...
# or mount it elsewhere and set INDEXER_CONFIG_DIR to that path. Settings can also be given as environment
# variables (Section__Key, e.g. -e Fetching__MaxConcurrentFetches=2).
#
# Data: the search index, and with the default SQLite store the articles too, live in /data (a volume owned by
# the non-root user `app`). With Storage__Provider=postgres the articles are in PostgreSQL (docker-compose.yml).
#
# tests/Indexer.Tests/Container/DockerfileTests.cs replays this file without Docker (no engine runs on our
# machines): keep the build stage's RUN lines plain `dotnet` commands.

# --- Build: restore from the project files alone so the restore layer stays cached until they change.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Indexer/Indexer.csproj src/Indexer/
COPY src/Indexer.Analysis.Gujarati/Indexer.Analysis.Gujarati.csproj src/Indexer.Analysis.Gujarati/
COPY src/Indexer.Feeds/Indexer.Feeds.csproj src/Indexer.Feeds/
RUN dotnet restore src/Indexer/Indexer.csproj
COPY src/ src/
RUN dotnet publish src/Indexer/Indexer.csproj -c Release --no-restore -o /app/publish -p:UseAppHost=false

# --- Runtime: ASP.NET image (Debian, with ICU: Gujarati text needs culture data, so globalization stays on).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# The aspnet image already sets ASPNETCORE_HTTP_PORTS=8080, which the service listens on.
# DOTNET_GCgen0size (hex, 64 MiB): the collector's young-generation budget. Every collection pauses the searches in
# flight; with the runtime's default a busy /search collected about 200 times in 20 s. A larger budget is not better:
# the collector promotes survivors only past a share of the budget, and below it compacts them again at every
# collection (at 128 MiB and a million articles: the same 6.9 MB each time, up to 40 ms a collection).
# Environment only: the runtime reads no runtimeconfig.json setting for it.
ENV INDEXER_CONFIG_DIR=/app/config \
    Storage__DataDirectory=/data \
    Logging__Format=json \
    DOTNET_GCgen0size=0x4000000
COPY --from=build /app/publish ./
COPY config/ /app/config/
# Created and handed to the non-root user before VOLUME: a new volume takes this folder's owner.
RUN mkdir -p /data && chown "$APP_UID" /data
# APP_UID (1654) is the aspnet image's built-in non-root user `app`.
USER $APP_UID
VOLUME /data
EXPOSE 8080
# The runtime image has no curl: the program checks itself (GET http://127.0.0.1:8080/health, exit 0 on 200).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["dotnet", "Indexer.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "Indexer.dll"]
