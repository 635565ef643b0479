using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Pneumonia.WebApi;

/// <summary>
/// Reads the image of a POST: either a multipart/form-data file (field "image", or the only file sent) or the raw
/// request body (any content type that is not multipart, e.g. image/jpeg). Refuses, with a reason, what cannot be an
/// image: nothing sent, an empty file, more than the configured number of bytes, a malformed multipart content type or
/// body (no boundary, too many fields, field or file names over the limits). Reasons never repeat what the client
/// sent (content types, names), and never an exception's message.
/// </summary>
internal static class ImageUpload
{
    public const string FormField = "image";

    /// <summary>Form fields (files and values) a request may carry.</summary>
    public const int MaxFormFields = 16;

    /// <summary>Bytes of one multipart section's headers (Content-Disposition with the field and file names, Content-Type).</summary>
    public const int MaxSectionHeaderBytes = 4096;

    /// <summary>The longest form field name.</summary>
    public const int MaxFieldNameLength = 256;

    /// <summary>The longest multipart boundary (RFC 2046: 70 characters).</summary>
    public const int MaxBoundaryLength = 70;

    /// <summary>The bytes, or the reason they were refused and the status code to answer with (400, or 415 for a multipart type other than form-data).</summary>
    public readonly record struct Result(byte[]? Bytes, string? Error, int StatusCode = StatusCodes.Status400BadRequest);

    public static async Task<Result> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            if (!IsMultipart(request.ContentType)) return await ReadBodyAsync(request.Body, request.ContentLength, maxBytes, cancellationToken);
            if (MultipartProblem(request.ContentType!, out string boundary) is { } problem) return problem;
            return await ReadFormFileAsync(request, boundary, maxBytes, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(null, maxBytes); // over the server's own request size limit
        }
        catch (InvalidDataException e)
        {
            return Refuse(FormProblem(e.Message, maxBytes)); // a multipart body over one of the MultipartReader limits, or malformed
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException)
        {
            return Refuse("the request body could not be read (the connection broke, or the body is malformed).");
        }
    }

    /// <summary>Any multipart/* type is read as a form, and must be well formed; anything else is the image itself.</summary>
    private static bool IsMultipart(string? contentType) =>
        contentType?.TrimStart().StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Why a multipart Content-Type cannot be read as a form; null when it can.</summary>
    private static Result? MultipartProblem(string contentType, out string boundary)
    {
        boundary = "";
        if (!MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? type))
            return Refuse("the Content-Type header is malformed; send multipart/form-data with a boundary, or the image as the raw body.");
        if (!type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return Refuse("only multipart/form-data forms are read; send the image as a form file, or as the raw body.",
                StatusCodes.Status415UnsupportedMediaType);
        boundary = HeaderUtilities.RemoveQuotes(type.Boundary).ToString();
        if (string.IsNullOrWhiteSpace(boundary))
            return Refuse("the multipart/form-data Content-Type has no boundary.");
        if (boundary.Length > MaxBoundaryLength)
            return Refuse($"the multipart boundary is longer than {MaxBoundaryLength} characters.");
        return null;
    }

    /// <summary>The reason for a multipart body ASP.NET Core's form reader refused (its messages name the limit hit).</summary>
    private static string FormProblem(string message, long maxBytes)
    {
        bool Says(string words) => message.Contains(words, StringComparison.OrdinalIgnoreCase);
        if (Says("value count limit")) return $"the form has too many fields (at most {MaxFormFields}).";
        if (Says("key length limit")) return "a form field name is too long.";
        if (Says("value length limit")) return "a form field value is too long.";
        if (Says("body length limit")) return TooLargeReason(null, maxBytes);
        if (Says("line length limit") || Says("headers count limit") || Says("headers length limit"))
            return $"a multipart section's headers (its field name, file name and content type) exceed {MaxSectionHeaderBytes:N0} bytes.";
        if (Says("boundary")) return "the multipart boundary is malformed or too long.";
        return "the multipart/form-data body is malformed.";
    }

    /// <summary>
    /// Reads the form section by section (ASP.NET Core's MultipartReader, with this API's limits): at most
    /// <see cref="MaxFormFields"/> sections, each with at most <see cref="MaxSectionHeaderBytes"/> of headers; text fields
    /// are skipped (up to 64 KiB each); the file field "image" is kept, or else the only file sent.
    /// </summary>
    private static async Task<Result> ReadFormFileAsync(HttpRequest request, string boundary, long maxBytes, CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(boundary, request.Body)
        {
            HeadersCountLimit = 8,
            HeadersLengthLimit = MaxSectionHeaderBytes,
            BodyLengthLimit = maxBytes + 64 * 1024, // the image, its boundaries and headers, not another image
        };
        byte[]? named = null, onlyFile = null;
        int sections = 0, files = 0;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
        {
            if (++sections > MaxFormFields) return Refuse($"the form has too many fields (at most {MaxFormFields}).");
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out ContentDispositionHeaderValue? disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                return Refuse("a multipart section has no valid Content-Disposition: form-data header.");
            if (HeaderUtilities.RemoveQuotes(disposition.Name).Length > MaxFieldNameLength)
                return Refuse($"a form field name is longer than {MaxFieldNameLength} characters.");
            if (!disposition.IsFileDisposition())
            {
                Result value = await ReadBodyAsync(section.Body, null, 64 * 1024, cancellationToken, allowEmpty: true);
                if (value.Bytes is null) return Refuse("a form field value is too long (at most 65,536 bytes).");
                continue;
            }
            files++;
            Result file = await ReadBodyAsync(section.Body, null, maxBytes, cancellationToken, allowEmpty: true);
            if (file.Bytes is null) return file;
            if (HeaderUtilities.RemoveQuotes(disposition.Name).Equals(FormField, StringComparison.Ordinal)) named ??= file.Bytes;
            else onlyFile = files == 1 ? file.Bytes : null;
        }
        byte[]? image = named ?? (files == 1 ? onlyFile : null);
        if (image is null)
            return Refuse($"no image: send it as the multipart form file field '{FormField}', or as the raw request body.");
        if (image.Length == 0) return Refuse("the uploaded file is empty (0 bytes).");
        return new Result(image, null);
    }

    private static async Task<Result> ReadBodyAsync(Stream body, long? declaredLength, long maxBytes, CancellationToken cancellationToken,
        bool allowEmpty = false)
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
        if (copy.Length == 0 && !allowEmpty)
            return Refuse($"no image: the request body is empty. Send the image as the raw body or as the multipart form file field '{FormField}'.");
        return new Result(copy.ToArray(), null);
    }

    private static Result TooLarge(long? length, long maxBytes) => Refuse(TooLargeReason(length, maxBytes));

    private static string TooLargeReason(long? length, long maxBytes) =>
        $"the image is too large ({(length is { } n ? $"{n:N0} bytes" : "more than the limit")}; at most {maxBytes:N0} bytes are accepted).";

    private static Result Refuse(string reason, int statusCode = StatusCodes.Status400BadRequest) => new(null, reason, statusCode);
}
