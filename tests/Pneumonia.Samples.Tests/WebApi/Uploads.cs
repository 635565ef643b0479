using System.Net.Http.Headers;

namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>The two ways to send an image to POST /predict.</summary>
internal static class Uploads
{
    public static HttpContent Multipart(byte[] bytes, string fileName = "xray.jpeg", string field = "image")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    public static HttpContent Raw(byte[] bytes, string contentType = "image/jpeg")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    /// <summary>A body sent without Content-Length (chunked), so the server must count the bytes itself.</summary>
    public static HttpContent RawWithoutLength(byte[] bytes) => new UnknownLengthContent(bytes);

    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
