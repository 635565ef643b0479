using Microsoft.AspNetCore.Http.Features;

namespace Pneumonia.WebApi;

/// <summary>
/// Reads the image of a POST: either a multipart/form-data file (field "image", or the only file sent) or the raw
/// request body (any content type, e.g. image/jpeg). Refuses, with a reason, what cannot be an image: nothing sent,
/// an empty file, more than the configured number of bytes.
/// </summary>
internal static class ImageUpload
{
    public const string FormField = "image";

    /// <summary>The bytes, or the reason they were refused.</summary>
    public readonly record struct Result(byte[]? Bytes, string? Error);

    public static async Task<Result> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            return IsMultipart(request)
                ? await ReadFormFileAsync(request, maxBytes, cancellationToken)
                : await ReadBodyAsync(request.Body, request.ContentLength, maxBytes, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(null, maxBytes); // over the server's own request size limit
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return TooLarge(null, maxBytes); // a multipart section over MultipartBodyLengthLimit
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return Refuse($"the request body could not be read ({e.Message})."); // malformed multipart, broken connection
        }
    }

    /// <summary>Only multipart/form-data carries a file; anything else (even a form-urlencoded body, curl's default) is the image itself.</summary>
    private static bool IsMultipart(HttpRequest request) =>
        request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;

    private static async Task<Result> ReadFormFileAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        // The whole form may exceed the image by its boundaries and headers, not by another image.
        request.HttpContext.Features.Set(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = maxBytes + 64 * 1024 }));
        IFormCollection form = await request.ReadFormAsync(cancellationToken);
        IFormFile? file = form.Files.GetFile(FormField) ?? (form.Files.Count == 1 ? form.Files[0] : null);
        if (file is null)
            return Refuse($"no image: send it as the multipart form file field '{FormField}', or as the raw request body.");
        if (file.Length == 0) return Refuse($"the uploaded file '{file.FileName}' is empty (0 bytes).");
        if (file.Length > maxBytes) return TooLarge(file.Length, maxBytes);
        await using Stream stream = file.OpenReadStream();
        return await ReadBodyAsync(stream, file.Length, maxBytes, cancellationToken);
    }

    private static async Task<Result> ReadBodyAsync(Stream body, long? declaredLength, long maxBytes, CancellationToken cancellationToken)
    {
        if (declaredLength > maxBytes) return TooLarge(declaredLength.Value, maxBytes);
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            copy.Write(buffer, 0, read);
            if (copy.Length > maxBytes) return TooLarge(null, maxBytes);
        }
        if (copy.Length == 0)
            return Refuse($"no image: the request body is empty. Send the image as the raw body or as the multipart form file field '{FormField}'.");
        return new Result(copy.ToArray(), null);
    }

    private static Result TooLarge(long? length, long maxBytes) =>
        Refuse($"the image is too large ({(length is { } n ? $"{n:N0} bytes" : "more than the limit")}; at most {maxBytes:N0} bytes are accepted).");

    private static Result Refuse(string reason) => new(null, reason);
}
