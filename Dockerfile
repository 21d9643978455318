# CnnApi image. docker build -t cnnapi .                                   (CPU libtorch, ~1 GB)
#               docker build -t cnnapi:cuda --build-arg TORCH_BACKEND=cuda .  (CUDA 12.8 libtorch, needs only
#               the NVIDIA driver and container toolkit on the host: the package carries its CUDA libraries)
# Build and runtime stages share Ubuntu 24.04, whose libstdc++ has GLIBCXX_3.4.32: the GLIBCXX step in build/
# finds the version on the build host and leaves TorchSharp's library exactly as shipped. See deploy/README.md.
ARG TORCH_BACKEND=cpu

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
ARG TORCH_BACKEND
WORKDIR /src
# Restore from the project files alone: this layer (libtorch is most of it) is reused until a package changes.
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/TorchSharpGlibcxx.targets build/GlibcxxWeakener.cs build/
COPY src/CnnApi.Architectures/CnnApi.Architectures.csproj src/CnnApi.Architectures/
COPY src/CnnApi.Torch/CnnApi.Torch.csproj src/CnnApi.Torch/
COPY src/CnnApi/CnnApi.csproj src/CnnApi/
RUN dotnet restore src/CnnApi/CnnApi.csproj -r linux-x64 -p:TorchBackend=${TORCH_BACKEND}
COPY src/ src/
RUN dotnet publish src/CnnApi/CnnApi.csproj -c Release -r linux-x64 --self-contained false --no-restore -p:TorchBackend=${TORCH_BACKEND} -o /app

# MNIST (the four IDX files, sizes and SHA-256 checked by the app) goes into the image: a container needs no
# outbound network. With no npm here the app falls back to the HTTP mirrors.
FROM build AS datasets
RUN Datasets__Root=/datasets dotnet /app/CnnApi.dll fetch-datasets

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble AS runtime
ARG TORCH_BACKEND
LABEL org.opencontainers.image.title="CnnApi" \
      org.opencontainers.image.description="CNN summaries, MNIST training jobs and digit predictions (libtorch ${TORCH_BACKEND})"
WORKDIR /app
COPY --from=datasets /datasets /opt/cnnapi/datasets
COPY --from=build /app ./
# /data holds the SQLite store (or nothing but files with PostgreSQL), models, checkpoints and a generated key.
RUN mkdir /data && chown $APP_UID /data
# AllowedHosts=*: Kubernetes probes and Services reach a pod by its IP, which the app's loopback-only default would
# refuse (400). Narrow it to your ingress names if the container is reachable directly (docs/security.md).
ENV ASPNETCORE_HTTP_PORTS=8080 \
    AllowedHosts=* \
    Storage__Root=/data \
    Datasets__Root=/opt/cnnapi/datasets \
    Logging__Json=true
VOLUME ["/data"]
EXPOSE 8080
USER $APP_UID
# The runtime image has no curl: the app's own healthcheck command GETs /health/live on the port above.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["dotnet", "/app/CnnApi.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "/app/CnnApi.dll"]
