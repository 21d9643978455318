using CnnApi.Storage;
using Microsoft.EntityFrameworkCore;

namespace CnnApi.Models;

/// <summary>The model predictions use when none is named: the promoted one, else the newest.</summary>
public static class DefaultModel
{
    public static ModelEntity? Choose(IEnumerable<ModelEntity> models) =>
        models.OrderByDescending(m => m.IsDefault).ThenByDescending(m => m.CreatedAt).FirstOrDefault();

    public static async Task<Guid?> IdAsync(CnnApiDb db, CancellationToken ct) =>
        await db.Models.AsNoTracking().OrderByDescending(m => m.IsDefault).ThenByDescending(m => m.CreatedAt)
            .Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct);
}
