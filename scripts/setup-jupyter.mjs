console.log("setup pending")
