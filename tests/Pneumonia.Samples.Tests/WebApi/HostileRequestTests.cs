using System.Net;
using System.Net.Http.Json;
using System.Text;
using Pneumonia.WebApi;

namespace Pneumonia.Samples.Tests.WebApi;

/// <summary>
/// Malformed requests get a 4xx problem-details answer with the right reason, failures a 500 without detail, in every
/// environment; no answer repeats what the client sent in a header; every answer says nosniff.
/// </summary>
[Collection(TrainedModelCollection.Name)]
public sealed class HostileRequestTests(TrainedModelFixture model) : IAsyncLifetime
{
    private const string Secret = "Zq7SECRETzq";
    private WebApiFactory _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        // Development, where ASP.NET Core would show its developer exception page: the API must not.
        _factory = new WebApiFactory(WebApiFactory.Settings(model.ModelPath), environment: "Development");
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private static HttpContent WithContentType(string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static string Multipart(string boundary, params (string Headers, string Body)[] sections) =>
        string.Concat(sections.Select(s => $"--{boundary}\r\n{s.Headers}\r\n\r\n{s.Body}\r\n")) + $"--{boundary}--\r\n";

    private static (string, string) FileSection(string fieldName, string fileName) =>
        ($"Content-Disposition: form-data; name=\"{fieldName}\"; filename=\"{fileName}\"\r\nContent-Type: image/jpeg", "not a jpeg");

    public static TheoryData<string, string, int, string> MalformedMultipart => new()
    {
        { "bad multipart subtype", Multipart("abc", FileSection("image", "x.jpeg")), 415, "only multipart/form-data" },
        { "no boundary", "whatever", 400, "no boundary" },
        { "empty parameters", "whatever", 400, "" },
        { "boundary over 70 characters", Multipart(new string('b', 71) + Secret, FileSection("image", "x.jpeg")), 400, "boundary" },
        { "too many fields", Multipart("abc", Enumerable.Range(0, 40).Select(i => ($"Content-Disposition: form-data; name=\"f{i}\"", "v")).ToArray()), 400, "too many fields" },
        { "huge field name", Multipart("abc", FileSection(new string('n', 20_000) + Secret, "x.jpeg")), 400, "headers" },
        { "huge file name", Multipart("abc", FileSection("image", new string('f', 20_000) + Secret + ".jpeg")), 400, "headers" },
        { "body ends inside a section", "--abc\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.jpeg\"\r\n\r\nhalf", 400, "malformed" },
    };

    [Theory]
    [MemberData(nameof(MalformedMultipart))]
    public async Task A_malformed_multipart_request_gets_a_4xx_problem_with_its_reason(string name, string body, int status, string reason)
    {
        string contentType = name switch
        {
            "bad multipart subtype" => $"multipart/form-dataX; boundary=abc{Secret}",
            "no boundary" => "multipart/form-data",
            "empty parameters" => $"multipart/form-data;;; boundary{Secret}",
            "boundary over 70 characters" => $"multipart/form-data; boundary={new string('b', 71)}{Secret}",
            _ => "multipart/form-data; boundary=abc",
        };

        using HttpResponseMessage response = await _client.PostAsync("/predict", WithContentType(body, contentType));

        Assert.Equal(status, (int)response.StatusCode);
        string text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, text);
        ProblemAnswer? problem = System.Text.Json.JsonSerializer.Deserialize<ProblemAnswer>(text, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        Assert.NotNull(problem);
        Assert.Equal(status, problem.Status);
        Assert.Contains(reason, problem.Detail);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task An_unknown_path_and_a_wrong_method_get_problem_details()
    {
        using HttpResponseMessage notFound = await _client.GetAsync("/nothing-here");
        using HttpResponseMessage wrongMethod = await _client.GetAsync("/predict");

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        foreach (HttpResponseMessage response in new[] { notFound, wrongMethod })
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
    }

    [Fact]
    public async Task A_failure_inside_a_prediction_is_a_500_problem_without_exception_details_even_in_Development()
    {
        var hook = new PredictionHook { BeforePredict = _ => throw new InvalidOperationException("internal detail " + Secret) };
        await using var factory = new WebApiFactory(WebApiFactory.Settings(model.ModelPath), environment: "Development", hook: hook);
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.PostAsync("/predict", Uploads.Raw([1, 2, 3]));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        string text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, text);
        Assert.DoesNotContain("InvalidOperationException", text);
        Assert.DoesNotContain("PredictEndpoint", text);
        Assert.Equal(500, (await response.Content.ReadFromJsonAsync<ProblemAnswer>())!.Status);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public void The_launch_profile_runs_in_Production()
    {
        string settings = File.ReadAllText(Path.Combine(Path.GetDirectoryName(SampleApp.WebApi)!, "..", "..", "..", "Properties", "launchSettings.json"));
        Assert.Contains("\"ASPNETCORE_ENVIRONMENT\": \"Production\"", settings);
        Assert.DoesNotContain("Development", settings);
    }
}
