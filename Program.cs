using Carter;
using ChatApp.Data;
using ChatApp.Hosting;
using ChatApp.Hubs;
using ChatApp.Modules.Auth;
using ChatApp.Modules.Contracts;
using ChatApp.Modules.Errors;
using ChatApp.Seeding;

// Seeding fills the database from the command line and never starts the server.
if (args is ["seed", ..])
    return SeedCommand.Run(args[1..]);

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddChatSources(args);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);

builder.Services.ConfigureHttpJsonOptions(o => JsonSetup.Configure(o.SerializerOptions));
builder.Services.AddChatErrors();
builder.Services.AddChatData(builder.Configuration);
builder.Services.AddChatAuth(builder.Configuration);
builder.Services.AddChatRealtime();
builder.Services.AddCarter(new DependencyContextAssemblyCatalog(typeof(Program).Assembly));

var app = builder.Build();
if (!StartupCheck.Run(app.Services))
    return 1;

app.UseChatErrors();
app.UseAuthentication();
app.UseAuthorization();
app.MapCarter();
app.MapHub<ChatHub>(ChatHub.Path);

app.Run();
return 0;
