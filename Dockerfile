# CitizenHelper in a container: built with the .NET SDK, run on the ASP.NET runtime as a non-root user.
#   docker build -t citizenhelper .
# One instance needs nothing else (SQLite under /app/data); several share PostgreSQL behind a proxy: compose.yaml.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so a change to the code does not download the packages again.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/CitizenHelper.Answering/*.csproj src/CitizenHelper.Answering/
COPY src/CitizenHelper.Bot/*.csproj src/CitizenHelper.Bot/
COPY src/CitizenHelper.Conversations/*.csproj src/CitizenHelper.Conversations/
COPY src/CitizenHelper.Knowledge/*.csproj src/CitizenHelper.Knowledge/
COPY src/CitizenHelper.Qr/*.csproj src/CitizenHelper.Qr/
COPY src/CitizenHelper.Staff/*.csproj src/CitizenHelper.Staff/
COPY src/CitizenHelper.Storage/*.csproj src/CitizenHelper.Storage/
COPY src/CitizenHelper.Storage.PostgreSql/*.csproj src/CitizenHelper.Storage.PostgreSql/
COPY src/CitizenHelper.Web/*.csproj src/CitizenHelper.Web/
RUN dotnet restore src/CitizenHelper.Web
COPY src/ src/
RUN dotnet publish src/CitizenHelper.Web -c Release --no-restore -o /app -nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
COPY knowledge/ knowledge/
COPY prompts/ prompts/
# The image's own unprivileged user; data/ (SQLite, the classifier cache) is the only folder it writes, and
# knowledge/ when staff approve drafts (mount both as volumes to keep them).
RUN mkdir -p data && chown -R "$APP_UID" data knowledge
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_NOLOGO=1
EXPOSE 8080
# /healthz/live answers while the process runs; no curl in the runtime image, so bash speaks HTTP/1.0 itself.
HEALTHCHECK --interval=15s --timeout=5s --start-period=180s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz/live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "CitizenHelper.Web.dll"]
