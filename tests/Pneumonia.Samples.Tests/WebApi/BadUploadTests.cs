using System.Net;
using System.Net.Http.Json;

namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>Uploads that cannot be predicted get 400 with a reason, never 500.</summary>
[Collection(TrainedModelCollection.Name)]
public sealed class BadUploadTests(TrainedModelFixture model) : IAsyncLifetime
{
    private const long Limit = 50_000;
    private WebApiFactory _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _factory = WebApiFactory.WithModel(model.ModelPath, maxImageBytes: Limit);
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public Task An_empty_raw_body_is_refused() => AssertRefused(Uploads.Raw([]), "empty");

    [Fact]
    public Task An_empty_form_file_is_refused() => AssertRefused(Uploads.Multipart([]), "empty");

    [Fact]
    public Task A_form_without_a_file_is_refused() =>
        AssertRefused(new MultipartFormDataContent { { new StringContent("hello"), "note" } }, "no image");

    [Fact]
    public Task Text_is_refused_as_not_an_image() => AssertRefused(Uploads.Raw("hello, world"u8.ToArray(), "text/plain"), "not a readable JPEG or PNG");

    [Fact]
    public Task A_multipart_body_without_a_boundary_is_refused() =>
        AssertRefused(Uploads.Raw("not really multipart"u8.ToArray(), "multipart/form-data"), "no boundary");

    [Fact]
    public Task A_form_urlencoded_body_is_read_as_the_raw_image_and_refused() =>
        AssertRefused(Uploads.Raw("a=1&b=2"u8.ToArray(), "application/x-www-form-urlencoded"), "not a readable JPEG or PNG");

    [Fact]
    public async Task A_truncated_jpeg_is_refused_as_not_an_image()
    {
        byte[] jpeg = await File.ReadAllBytesAsync(SampleData.AllImages()[0]);
        await AssertRefused(Uploads.Multipart(jpeg[..200]), "not a readable JPEG or PNG");
    }

    [Fact]
    public Task A_raw_body_over_the_limit_is_refused() => AssertRefused(Uploads.Raw(new byte[Limit + 1]), "too large");

    [Fact]
    public Task A_raw_body_over_the_limit_without_content_length_is_refused() =>
        AssertRefused(Uploads.RawWithoutLength(new byte[3 * Limit]), "too large");

    [Fact]
    public Task A_form_file_over_the_limit_is_refused() => AssertRefused(Uploads.Multipart(new byte[Limit + 1]), "too large");

    [Fact]
    public Task A_form_far_over_the_limit_is_refused() => AssertRefused(Uploads.Multipart(new byte[10 * Limit]), "too large");

    [Fact]
    public async Task An_image_just_under_the_limit_is_accepted()
    {
        byte[] jpeg = await File.ReadAllBytesAsync(SampleData.AllImages()[0]);
        Assert.True(jpeg.Length < Limit);
        using HttpResponseMessage response = await _client.PostAsync("/predict", Uploads.Multipart(jpeg));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task AssertRefused(HttpContent content, string reason)
    {
        using (content)
        using (HttpResponseMessage response = await _client.PostAsync("/predict", content))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            ProblemAnswer? problem = await response.Content.ReadFromJsonAsync<ProblemAnswer>();
            Assert.NotNull(problem);
            Assert.Equal(400, problem.Status);
            Assert.Contains(reason, problem.Detail);
        }
    }
}
