using System.ComponentModel.DataAnnotations;

namespace CnnApi.Security;

/// <summary>Bound from "RateLimits": per-client token buckets on the expensive endpoints.</summary>
public sealed class RateLimitOptions
{
    /// <summary>False turns every rate limit off (benchmarks, a trusted network).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Predictions (either endpoint), per client.</summary>
    public TokenBucket Predictions { get; set; } = new() { PermitsPerSecond = 50, Burst = 100 };

    /// <summary>Job submissions, per client.</summary>
    public TokenBucket TrainingJobs { get; set; } = new() { PermitsPerSecond = 1, Burst = 10 };

    /// <summary>Model exports (ONNX, PyTorch), per client: a first download costs 0.5–2 s of CPU, later ones a file read.</summary>
    public TokenBucket Exports { get; set; } = new() { PermitsPerSecond = 1, Burst = 5 };

    /// <summary>
    /// Model evaluations, per client: one computed on demand runs the model over the test set (once per model, one at a
    /// time per node, then kept), most are a file read; the page asks for one each time a model's details open.
    /// </summary>
    public TokenBucket Evaluations { get; set; } = new() { PermitsPerSecond = 2, Burst = 20 };

    /// <summary>Generated code (<c>POST /api/v1/architectures/code</c>), per client.</summary>
    public TokenBucket Code { get; set; } = new() { PermitsPerSecond = 2, Burst = 20 };

    public sealed class TokenBucket
    {
        /// <summary>Requests regained per second.</summary>
        [Range(1, 1_000_000)]
        public int PermitsPerSecond { get; set; }

        /// <summary>Requests a client may make at once after a quiet spell.</summary>
        [Range(1, 1_000_000)]
        public int Burst { get; set; }
    }
}

/// <summary>Bound from "Limits": what a slow or hostile connection may cost (Kestrel applies these).</summary>
public sealed class ConnectionLimitOptions
{
    /// <summary>Time a client has to send all request headers (Kestrel's default is 30 s).</summary>
    [Range(1, 600)]
    public int RequestHeadersTimeoutSeconds { get; set; } = 10;

    /// <summary>Slowest accepted upload after the grace period, in bytes per second (slowloris bodies are cut off).</summary>
    [Range(1, 1_000_000_000)]
    public int MinRequestBodyBytesPerSecond { get; set; } = 1024;

    /// <summary>Seconds a body may start slowly before <see cref="MinRequestBodyBytesPerSecond"/> applies (Kestrel wants 2 or more).</summary>
    [Range(2, 600)]
    public int MinRequestBodyGraceSeconds { get; set; } = 5;
}

/// <summary>Bound from "Cors": origins whose browser pages may call the API; none (CORS closed) by default.</summary>
public sealed class CorsOptions
{
    public List<string> AllowedOrigins { get; set; } = [];
}

/// <summary>
/// Bound from "ForwardedHeaders": the reverse proxies (an ingress, a load balancer, nginx on the host) whose
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed, so that rate limits and logs see the real client
/// rather than the proxy. None by default: the headers are then ignored, since any client could send them.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>Proxy addresses, e.g. <c>10.0.0.12</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR form, e.g. <c>10.244.0.0/16</c> (a cluster's pod network, where the ingress runs).</summary>
    public List<string> KnownNetworks { get; set; } = [];
}
