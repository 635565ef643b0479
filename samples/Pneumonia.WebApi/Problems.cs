namespace Pneumonia.WebApi;

/// <summary>
/// The RFC 7807 answers of the API. Their details are the API's own sentences: never an exception's message, a stack
/// trace, or a value the client sent in a header (content types, file names, field names).
/// </summary>
internal static class Problems
{
    public static IResult Refused(string reason, int statusCode = StatusCodes.Status400BadRequest) =>
        Results.Problem(title: "The image was refused.", detail: reason, statusCode: statusCode);

    public static IResult ShuttingDown() =>
        Results.Problem(title: "The server is shutting down.", detail: "Send the image again to another instance or later.",
            statusCode: StatusCodes.Status503ServiceUnavailable);
}
