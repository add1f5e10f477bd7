using Carter;
using ChatApp.Commands;
using ChatApp.Contracts;
using ChatApp.Data;
using ChatApp.Features;
using ChatApp.Hosting.Authentication;
using ChatApp.Hosting.Configuration;
using ChatApp.Hosting.Cors;
using ChatApp.Hosting.Lifetime;
using ChatApp.Hosting.RateLimiting;
using ChatApp.Hubs;
using ChatApp.Modules.Errors;

// The verbs (seed, invite, users, backup, --help) run and exit; no verb serves.
if (await ChatCommandLine.RunAsync(args) is { } exitCode)
    return exitCode;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddChatSources(args);
builder.AddChatOperations();
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);

builder.Services.ConfigureHttpJsonOptions(o => JsonSetup.Configure(o.SerializerOptions));
builder.Services.AddChatErrors();
builder.Services.AddChatData(builder.Configuration);
builder.Services.AddChatFeatures(builder.Configuration);
builder.Services.AddChatAuthentication();
builder.Services.AddChatRealtime();
builder.Services.AddChatCors(builder.Configuration);
builder.Services.AddChatRateLimits();
// The array overload names the assemblies outright: the single-file build has no deps file to scan.
builder.Services.AddCarter(new DependencyContextAssemblyCatalog([typeof(Program).Assembly]));

var app = builder.Build();
if (!StartupCheck.Run(app.Services))
    return 1;

app.UseChatRequestLog();
app.UseChatCors();
app.UseChatErrors();
app.UseAuthentication();
app.UseAuthorization();
app.UseChatRateLimits();
app.MapCarter();
app.MapHub<ChatHub>(ChatHub.Path);
app.MapChatOperations();

app.Run();
return 0;
