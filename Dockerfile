# CnnApi container: build with the .NET 10 SDK, run on the ASP.NET runtime (Ubuntu 24.04 based, so
# TorchSharp's native library loads as shipped: no GLIBCXX patch is needed there).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props CnnApi.sln ./
COPY build/ build/
COPY src/ src/
RUN dotnet publish src/CnnApi/CnnApi.csproj -c Release -r linux-x64 --self-contained false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    Storage__Root=/data \
    Datasets__Root=/data/datasets \
    Logging__Json=true
VOLUME ["/data"]
EXPOSE 8080
# Fetches MNIST into the volume on first start (from the canonical mirrors: the image has no npm), then serves.
ENTRYPOINT ["/bin/sh", "-c", "dotnet CnnApi.dll fetch-datasets && exec dotnet CnnApi.dll"]
